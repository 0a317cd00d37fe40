package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site file (--config) as an integrator uses it, with the real jar: applied at every start by the
 * configuration rules (README), its mistakes loud and named, --check-config, and one gateway per data
 * directory. The stored configuration is read from ConfigurationAdmin's own files under {@code <data>/config}.
 */
class SiteConfigurationIT {

    @TempDir
    Path data;

    private Path site(String json) throws IOException {
        return Files.writeString(Files.createDirectories(data.resolve("site")).resolve("site.json"), json);
    }

    @Test
    void theSiteFileWinsAtEveryStartACorrectedRefusalClearsAndARemovedKeyGoesBackToTheDefault() throws Exception {
        Path site = site("""
                {"org.cabinetgw.uplink.mqtt": {"client.id": "cabinet-a", "topic.prefix": "site/a",
                                               "server.uri": "mqtt://broker:1883"},
                 "org.cabinetgw.uplink": {"failover.seconds": -5}}
                """);
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            gw.awaitShippedPackages();
            String body = gw.awaitHealthWhere(b -> b.contains("\"config:org.cabinetgw.uplink\":{\"status\":\"DOWN\""),
                    "the refused failover.seconds").body();
            body = gw.awaitHealthWhere(b -> b.contains("\"config:org.cabinetgw.uplink.mqtt\":{\"status\":\"DOWN\""),
                    "the refused server.uri").body();
            assertThat(body).as("the component's own sentence, naming the key")
                    .contains("configuration refused: server.uri = mqtt://broker:1883 must start with tcp:// or ssl://")
                    .doesNotContain("InvocationTargetException");
            assertThat(body).as("one refused setting degrades the cabinet, it does not take it down")
                    .doesNotStartWith("{\"status\":\"DOWN\"")
                    .contains("failover.seconds = -5");
            Thread.sleep(3000); // what comes after the refusal
            java.util.List<String> log = gw.output().lines().toList();
            assertThat(log).as("one WARN line for the refusal, naming the setting")
                    .filteredOn(l -> l.contains("WARN") && l.contains("Configuration org.cabinetgw.uplink refused: "
                            + "failover.seconds = -5")).hasSize(1);
            assertThat(stored("org.cabinetgw.uplink.mqtt")).contains("client.id=\"cabinet-a\"")
                    .contains("topic.prefix=\"site/a\"");
            assertThat(gw.stop()).isTrue();
        }
        // the file corrected, a value changed, a key removed
        site("""
                {"org.cabinetgw.uplink.mqtt": {"client.id": "cabinet-b"},
                 "org.cabinetgw.uplink": {"failover.seconds": 20}}
                """);
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            String body = gw.awaitHealthWhere(b -> b.contains("\"uplink\":{"), "the uplink back").body();
            assertThat(body).doesNotContain("config:org.cabinetgw.uplink\"");
            assertThat(stored("org.cabinetgw.uplink.mqtt")).as("changed value; removed key back to the default")
                    .contains("client.id=\"cabinet-b\"").doesNotContain("topic.prefix")
                    .contains("server.uri=\"tcp://127.0.0.1:1883\"");
            assertThat(body).doesNotContain("config:org.cabinetgw.uplink.mqtt");
            assertThat(stored("org.cabinetgw.uplink")).contains("failover.seconds=I\"20\"");
            assertThat(gw.stop()).isTrue();
        }
    }

    @Test
    void malformedJsonStopsTheStartNamingTheFileAndThePlace() throws Exception {
        Path site = site("""
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://broker:1883"
                  "client.id": "x"}}
                """);
        GatewayProcess.Result r = GatewayProcess.run("--data", data.resolve("d").toString(), "--no-shell",
                "--http-port", "1", "--config", site.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("cabinetgw: cannot start: " + site + ", line 2, column 3: unexpected '\"'; "
                + "expected ',' or '}' after the value of \"server.uri\"").doesNotContain("started in")
                .doesNotContain("Exception");
    }

    @Test
    void aMisspeltPidOrKeyIsNamedAtStartAndInHealth() throws Exception {
        Path site = site("""
                {"org.cabinetgw.uplink.mqtt": {"clientid": "cabinet-a"},
                 "org.cabinetgw.uplnk": {"failover.seconds": 20}}
                """);
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            String body = gw.awaitHealthWhere(b -> b.contains("site:org.cabinetgw.uplnk"), "the misspelt PID").body();
            assertThat(body).contains("\"site:org.cabinetgw.uplink.mqtt\":{\"status\":\"DEGRADED\",\"reason\":\""
                    + site + ": clientid: no such setting; did you mean \\\"client.id\\\"?\"")
                    .contains("did you mean \\\"org.cabinetgw.uplink\\\"?");
            assertThat(gw.output()).contains("cabinetgw: WARNING " + site + ": org.cabinetgw.uplink.mqtt clientid: "
                    + "no such setting; did you mean \"client.id\"?");
        }
    }

    /**
     * CHANGES.md rule 5: a site file written for the last release, with settings renamed since, still starts the
     * gateway with its values, applied under the new names; each old name is said once, naming both.
     */
    @Test
    void aSiteFileWithTheLastReleasesNamesStartsTheGatewayWithItsValues() throws Exception {
        Path site = site("""
                {"org.cabinetgw.uplink.mqtt": {"client.id": "cabinet-old", "tls.truststore": "/nonexistent/ca.p12"},
                 "org.cabinetgw.power.state": {"lossDelayMs": 700, "batteryLowPercent": 25.5}}
                """);
        try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
            String body = gw.awaitHealthWhere(b -> b.contains("\"config:org.cabinetgw.uplink.mqtt\":{\"status\":\"DOWN\""),
                    "the MQTT transport reading the old name's value").body();
            assertThat(body).as("the component read the value, under its new name")
                    .contains("tls.trust.store = /nonexistent/ca.p12 is not a readable file")
                    .doesNotContain("site:org.cabinetgw.power.state").doesNotContain("site:org.cabinetgw.uplink.mqtt");
            assertThat(gw.output())
                    .contains("cabinetgw: WARNING " + site + ": org.cabinetgw.uplink.mqtt tls.truststore: is now "
                            + "tls.trust.store; rename it")
                    .contains("org.cabinetgw.power.state lossDelayMs: is now loss.delay.millis; rename it");
            assertThat(stored("org.cabinetgw.power.state")).contains("loss.delay.millis=I\"700\"")
                    .contains("battery.low.percent=").doesNotContain("lossDelayMs").doesNotContain("batteryLowPercent");
            assertThat(stored("org.cabinetgw.uplink.mqtt")).contains("tls.trust.store=\"/nonexistent/ca.p12\"")
                    .doesNotContain("tls.truststore");
            assertThat(gw.stop()).isTrue();
        }
    }

    @Test
    void checkConfigJudgesAFileWithoutStarting() throws Exception {
        Path good = site("{\"org.cabinetgw.uplink.mqtt\": {\"server.uri\": \"ssl://b:8883\", \"qos\": 1}}");
        GatewayProcess.Result ok = GatewayProcess.run("--check-config", good.toString());
        assertThat(ok.exitCode()).isEqualTo(0);
        assertThat(ok.output()).contains(good + ": OK");

        Path bad = site("""
                {"org.cabinetgw.uplink.mqtt": {"qos": 7, "clientid": "x"},
                 "org.cabinetgw.power.meter~ups": {"poll.millis": 5, "transport": "UDP"}}
                """);
        GatewayProcess.Result no = GatewayProcess.run("--check-config", bad.toString());
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.output()).contains("org.cabinetgw.uplink.mqtt qos: 7 is out of range; allowed 0..2")
                .contains("org.cabinetgw.uplink.mqtt clientid: no such setting; did you mean \"client.id\"?")
                .contains("org.cabinetgw.power.meter~ups poll.millis: 5 is out of range")
                .contains("org.cabinetgw.power.meter~ups transport: \"UDP\" is not one of the allowed values")
                .contains("4 mistakes").doesNotContain("started in");
    }

    @Test
    void aSecondGatewayOnTheSameDataDirectoryIsRefusedAndToldWhoHoldsIt() throws Exception {
        try (GatewayProcess first = GatewayProcess.start(data)) {
            first.awaitHealth();
            try (GatewayProcess second = GatewayProcess.start(data)) {
                long end = System.currentTimeMillis() + 30_000;
                while (!second.output().contains("cannot start") && System.currentTimeMillis() < end) {
                    Thread.sleep(100);
                }
                assertThat(second.output()).contains("cabinetgw: cannot start: " + data.toAbsolutePath().normalize()
                        + " is in use by another gateway (pid " + first.pid() + ", started ");
            }
            assertThat(first.awaitHealth().statusCode()).as("the first one runs on").isIn(200, 503);
        }
    }

    @Test
    void aDataDirectoryOrAddressThatCannotBeUsedSaysWhy() throws Exception {
        GatewayProcess.Result proc = GatewayProcess.run("--data", "/proc/cabinetgw-x", "--no-shell");
        assertThat(proc.exitCode()).isEqualTo(1);
        assertThat(proc.output()).contains("cannot start: the data directory /proc/cabinetgw-x cannot be used: "
                + "no such file or directory");
        GatewayProcess.Result host = GatewayProcess.run("--data", data.resolve("h").toString(), "--no-shell",
                "--http-host", "192.0.2.1");
        assertThat(host.exitCode()).isEqualTo(1);
        assertThat(host.output()).contains("--http-host 192.0.2.1 is not an address of this machine (address not "
                + "available)").doesNotContain("--http-port");
    }

    /** The stored configuration of a PID, as ConfigurationAdmin wrote it (key="value" lines). */
    private String stored(String pid) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("config"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".config")).toList()) {
                String text = Files.readString(f);
                if (text.contains("service.pid=\"" + pid + "\"")) {
                    return text;
                }
            }
        }
        throw new AssertionError("no stored configuration " + pid);
    }
}
