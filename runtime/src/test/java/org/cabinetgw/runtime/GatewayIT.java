package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar as an integrator uses it: one command starts it, /health answers, the web
 * console is protected by a password nobody else knows, lists the components and edits their
 * configuration, and all of it survives a restart.
 */
class GatewayIT {

    @TempDir
    Path data;

    @Test
    void withItsBrokerReachableTheCabinetIsUp() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        Path brokerDir = data.resolve("test-broker");
        try (TestBroker broker = TestBroker.start(brokerDir);
                GatewayProcess gw = GatewayProcess.start(data, "--config", broker.siteConfig(brokerDir).toString())) {
            HttpResponse<String> health = gw.awaitHealthWhere(
                    b -> b.startsWith("{\"status\":\"UP\"") && b.contains("\"uplink\":{\"status\":\"UP\""),
                    "the cabinet UP with the uplink connected");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).startsWith("{\"status\":\"UP\"").contains("\"uplink\":{\"status\":\"UP\"");
        }
    }

    @Test
    void withoutABrokerTheUplinkSaysWhyAndHealthStillAnswers() throws Exception {
        int silentPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            silentPort = s.getLocalPort(); // closed again: nothing listens there
        }
        Path site = Files.writeString(Files.createDirectories(data.resolve("test-site")).resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "test.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d"},
                 "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 1}}
                """.formatted(silentPort));
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            // The broker named in the configuration does not answer: a clear reason, no crash. Until its
            // first check the uplink is DEGRADED "starting", so wait for the reason that names MQTT.
            gw.awaitHealthWhere(
                    b -> b.matches(".*\"uplink\":\\{\"status\":\"(DEGRADED|DOWN)\"[^}]*MQTT.*"),
                    "the uplink DEGRADED or DOWN with its MQTT reason");
            // The cabinet state goes out once, not four times a second: it used to feed on itself, each state
            // message changing the uplink's reason (its count of messages waiting), so the state, for as long as
            // the broker was away. The failover coordinator settles 1 s after its start here; give it 6 s more.
            gw.awaitHealthWhere(b -> b.contains("\"failover.cabinet\""), "the failover coordinator");
            Thread.sleep(7_000);
            assertThat(gw.awaitHealth().body()).as("few messages queued with the broker away")
                    .containsPattern("\"uplink\":\\{\"status\":\"DEGRADED\"[^}]*(no|fewer than 10) messages waiting");
            assertThat(gw.output()).as("messages, not stack traces").doesNotContain("\tat ");
        }
    }

    @Test
    void startsServesHealthAndProtectsTheWebConsole() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(data)) {
            HttpResponse<String> health = gw.awaitHealth();
            assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));

            String password = gw.printedPassword();
            assertThat(password).as("password printed at first start").isNotNull().hasSize(20);
            assertThat(gw.awaitConsole("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
            assertThat(gw.get("/system/console/bundles", null, null).statusCode()).isEqualTo(401);
            assertThat(gw.get("/system/console/bundles", "admin", "admin").statusCode())
                    .as("no default password").isEqualTo(401);
            assertThat(gw.get("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);

            assertThat(gw.output()).contains("started in").doesNotContain("Exception").doesNotContain("[DEBUG]");
            assertThat(Files.readString(data.resolve("logs/cabinetgw.log"))).contains("Cabinet health UP");
            assertThat(gw.stop()).as("clean stop on SIGTERM").isTrue();
        }
    }

    @Test
    void webConsoleListsTheComponentsAndItsEditsReachThemAndSurviveARestart() throws Exception {
        String password;
        try (GatewayProcess gw = GatewayProcess.start(data)) {
            gw.awaitShippedPackages();
            password = gw.printedPassword();

            HttpResponse<String> components = gw.awaitConsole("/system/console/components.json", "admin", password);
            assertThat(components.statusCode()).isEqualTo(200);
            assertThat(components.body()).contains("org.cabinetgw.core.internal.HealthRegistry")
                    .contains("org.cabinetgw.core.internal.HealthEndpoint");

            // The feature's default configuration was applied at first start.
            HttpResponse<String> config = gw.get("/system/console/configMgr/org.cabinetgw.core.health.http.json",
                    "admin", password);
            assertThat(config.body()).contains("degraded.status").contains("HTTP status when DEGRADED");

            // Edit it the way the configuration page does.
            HttpResponse<String> saved = gw.postForm("/system/console/configMgr/org.cabinetgw.core.health.http",
                    "apply=true&action=ajaxConfigManager"
                            + "&propertylist=osgi.http.whiteboard.servlet.pattern,degraded.status"
                            + "&osgi.http.whiteboard.servlet.pattern=%2Fhealthz&degraded.status=200",
                    "admin", password);
            assertThat(saved.statusCode()).isLessThan(400);
            assertThat(gw.awaitHealth("/healthz").body()).startsWith("{\"status\"");
            assertThat(gw.get("/health", null, null).statusCode()).isEqualTo(404);
            assertThat(gw.stop()).isTrue();
        }

        try (GatewayProcess again = GatewayProcess.start(data)) {
            assertThat(again.awaitHealth("/healthz").body()).startsWith("{\"status\"");
            assertThat(again.printedPassword()).as("the password is shown once only").isNull();
            assertThat(again.awaitConsole("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDemoJarRunsASimulatedCabinetAndTheProductionJarContainsNoSimulator() throws Exception {
        try (java.util.jar.JarFile production = new java.util.jar.JarFile(GatewayProcess.JAR.toFile())) {
            assertThat(production.stream().map(java.util.jar.JarEntry::getName))
                    .anyMatch(n -> n.startsWith("bundles/org.cabinetgw.core"))
                    .noneMatch(n -> n.contains("org.cabinetgw.sim."))
                    .noneMatch(n -> n.contains("feature.demo"));
        }
        try (GatewayProcess demo = GatewayProcess.start(GatewayProcess.DEMO_JAR, data)) {
            demo.awaitHealth();
            long end = System.currentTimeMillis() + 30_000;
            String body = "";
            while (!body.contains("storage.raid.md0") && System.currentTimeMillis() < end) {
                Thread.sleep(200);
                body = demo.get("/health", null, null).body();
            }
            assertThat(body).as("the real RAID monitor watches the simulated array").contains("storage.raid.md0");
            // no broker installed: the demo's own embedded broker (sim.broker) stands in for the cloud
            while (!body.contains("\"uplink\":{\"status\":\"UP\"") && System.currentTimeMillis() < end + 30_000) {
                Thread.sleep(200);
                body = demo.get("/health", null, null).body();
            }
            assertThat(body).as("the demo's uplink reaches UP through the embedded broker")
                    .contains("\"uplink\":{\"status\":\"UP\"").contains("\"sim.broker\":{\"status\":\"UP\"");
            // the banner is printed once framework.start() returns, which can be after the uplink is UP
            demo.printedPassword(); // waits for the banner
            assertThat(demo.output()).contains("DEMO (simulated cabinet)");
        }
    }

    /** What the Gogo shell prints when it starts, just before its first prompt. */
    private static final String SHELL = "Welcome to Apache Felix Gogo";

    @Test
    void theShellsPromptComesAfterTheStartUpBanner() throws Exception {
        try (GatewayProcess gw = GatewayProcess.start(data, "--shell")) {
            gw.awaitHealth();
            long end = System.currentTimeMillis() + 30_000;
            while (!gw.output().contains(SHELL) && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            String out = gw.output();
            assertThat(out).contains("started in").contains(SHELL);
            assertThat(out.indexOf(SHELL)).as("the shell and its prompt after the banner, not buried above it")
                    .isGreaterThan(out.indexOf("started in"));

            gw.awaitShippedPackages();
            gw.type("help failover:drill");
            gw.type("failover:drill");
            end = System.currentTimeMillis() + 30_000;
            while (!gw.output().contains("usage: failover:drill") && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            assertThat(gw.output()).as("our commands described in help").contains("run a failover drill")
                    .as("no argument: the usage, not a coercion error").contains("usage: failover:drill link|uplink")
                    .doesNotContain("Cannot coerce");
            assertThat(gw.output()).as("the prompt the README names, not Gogo's own").contains(ShellProfile.PROMPT)
                    .doesNotContain("g! ");
        }
    }

    @Test
    void badFlagsAreRefusedClearlyAndHelpIsThere() throws Exception {
        GatewayProcess.Result bad = GatewayProcess.run("--http-port", "eighty");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).contains("cabinetgw: --http-port must be a number from 1 to 65535, got 'eighty'")
                .contains("--help").doesNotContain("Exception");

        GatewayProcess.Result help = GatewayProcess.run("--help");
        assertThat(help.exitCode()).isEqualTo(0);
        assertThat(help.output()).startsWith("Usage: java -jar cabinetgw.jar");

        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            GatewayProcess.Result busy = GatewayProcess.run("--data", data.resolve("busy").toString(), "--no-shell",
                    "--http-port", Integer.toString(taken.getLocalPort()));
            assertThat(busy.exitCode()).isEqualTo(1);
            assertThat(busy.output()).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("--http-port").doesNotContain("\tat ");
        }

        Path notADirectory = Files.writeString(data.resolve("file"), "x");
        // a free port, so the data directory is what fails even where something holds the default 8080
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        GatewayProcess.Result unusable = GatewayProcess.run("--data", notADirectory.toString(), "--no-shell",
                "--http-port", Integer.toString(free));
        assertThat(unusable.exitCode()).isEqualTo(1);
        assertThat(unusable.output()).contains("cabinetgw: cannot start:").contains("is not a directory")
                .doesNotContain("Exception");
    }
}
