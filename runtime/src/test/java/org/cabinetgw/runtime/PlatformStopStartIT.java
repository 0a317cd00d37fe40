package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.google.gson.JsonObject;

/**
 * Issue 15: the platform bundles that answer requests of their own, the deploy agent (DEPLOY-V2), conf (CONF-V1),
 * the web console's login and the dashboard, each stopped and started through the Gogo shell of the real jar while a
 * producer publishes through the uplink, counted by number at an independent {@code mosquitto_sub}. While each is
 * away its own requests fail clearly: the uplink answers a DEPLOY-V2 or CONF-V1 request 404 "application ... is not
 * running on this gateway now" (before, it had unsubscribed the application's topic: silence until the cloud's
 * timeout), the console and the dashboard answer HTTP 404 (the console
 * is unreachable without its security provider: the safe failure, bundles/console/README.md). After its start each
 * answers again with its own answer. Throughout, nothing the producer (the fixture package, every 100 ms) publishes
 * is lost: every number arrives, first arrivals in the order made, and the framework is the same (no restart).
 *
 * <p>The in-framework {@code HotSwapUnderLoadIT} (bundles/failover) stops and starts the producer bundles; this is
 * the real-jar counterpart for the bundles it cannot run (deploy needs Deployment Admin there) and those that landed
 * since (conf, console). Not in the default build (a first start and a package install, about a minute on a loaded
 * machine): {@code mvn -B -ntp -pl runtime -am verify -Dhotswap.e2e=true -Dit.test=PlatformStopStartIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "hotswap.e2e", matches = "true|1")
class PlatformStopStartIT {

    /** Long enough for the fixture (every 100 ms) to publish thirty numbers with the bundle away. */
    static final long AWAY_MILLIS = 3000;
    static final int AWAY_NUMBERS = 10;

    private GatewayProcess gateway;
    private DeployCloud cloud;
    private String password;
    private GatewayShell shell;

    @Test
    void deployConfConsoleAndDashboardStoppedAndStartedRefuseClearlyWhileAwayAndNothingIsLost() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && SequenceSubscriber.available(),
                "mosquitto and mosquitto-clients are not installed");
        Path dir = Files.createTempDirectory("platform-stop-start-it");
        TestBroker broker = null;
        HttpsPackageServer packages = null;
        SequenceSubscriber fixture = null;
        try {
            broker = TestBroker.start(dir.resolve("broker"));
            packages = new HttpsPackageServer(dir.resolve("https"));
            packages.put("/v1.dp", RemoteDeploymentIT.fixture("v1"));
            gateway = GatewayShell.start(dir, broker, packages, "");
            password = gateway.printedPassword();
            cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "e2e-cloud");
            shell = new GatewayShell(gateway, cloud);
            gateway.awaitShippedPackages();
            gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
            cloud.awaitGateway(30_000);
            fixture = SequenceSubscriber.fixtureInstalled(cloud, broker.port, packages, dir.resolve("fixture.jsonl"));
            fixture.awaitSeq(5, "1.0.0", 30_000);

            Map<String, Away> checks = new LinkedHashMap<>();
            checks.put("org.cabinetgw.deploy", new Away(this::deployAway, this::deployBack));
            checks.put("org.cabinetgw.conf", new Away(this::confAway, this::confBack));
            checks.put("org.cabinetgw.console", new Away(() -> httpAway("/system/console/bundles"),
                    () -> httpBack("/system/console/bundles")));
            checks.put("org.cabinetgw.dashboard", new Away(() -> httpAway("/cabinet/api/snapshot"),
                    () -> httpBack("/cabinet/api/snapshot")));
            for (Away a : checks.values()) {
                assertThat(a.back.answer()).as("before any stop").isNull();
            }
            Map<String, Long> ids = shell.ids(checks.keySet());
            String uuid = shell.frameworkUuid();

            List<String> report = new ArrayList<>();
            for (Map.Entry<String, Away> e : checks.entrySet()) {
                String bsn = e.getKey();
                long before = fixture.highest();
                long stoppedAt = System.currentTimeMillis();
                shell.run("stop " + ids.get(bsn), bsn + " stopped");
                await(e.getValue().away, bsn + " refusing clearly while stopped");
                Thread.sleep(AWAY_MILLIS); // away for a while: the producer goes on meanwhile (awaited below)
                assertThat(e.getValue().away.answer()).as(bsn + " still away, still refused clearly").isNull();
                fixture.awaitSeq(before + AWAY_NUMBERS, "1.0.0", 30_000); // published while it was away
                shell.run("start " + ids.get(bsn), bsn + " started");
                await(e.getValue().back, bsn + " answering again after its start");
                report.add(bsn + " away " + (System.currentTimeMillis() - stoppedAt) + " ms");
            }

            assertThat(shell.frameworkUuid()).as("the same framework: no restart").isEqualTo(uuid);
            long last = fixture.highest();
            fixture.awaitSeq(last + 5, "1.0.0", 30_000);
            List<SequenceSubscriber.Received> received = fixture.received();
            assertThat(SequenceSubscriber.missing(received)).as("fixture numbers missing").isEmpty();
            assertThat(firstArrivals(received)).as("fixture numbers, first arrivals in the order made").isSorted();
            assertThat(gateway.output()).as("no stack trace, no shell command failed").doesNotContain("\tat ")
                    .doesNotContain("gogo: ");
            System.out.printf("PlatformStopStartIT: %s; fixture numbers 1..%d all arrived, in order; load average %s%n",
                    report, fixture.highest(), Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            RemoteDeploymentIT.closeAndDelete(dir, fixture, cloud, gateway, packages, broker);
        }
    }

    /** A check that returns null when it holds, else what came instead. */
    interface Check {
        String answer() throws Exception;
    }

    /** How a bundle's own requests are answered while it is away, and once it is back. */
    record Away(Check away, Check back) {
    }

    private String deployAway() throws Exception {
        return answered("DEPLOY-V2", "GET/packages", 404, "application DEPLOY-V2 is not running on this gateway now");
    }

    private String deployBack() throws Exception {
        return answered("DEPLOY-V2", "GET/packages", 200, RemoteDeploymentIT.NAME);
    }

    private String confAway() throws Exception {
        return answered("CONF-V1", "GET/configurations", 404, "application CONF-V1 is not running on this gateway now");
    }

    /** conf's own answer on the JSON channel: its refusal naming Kura's protocol (bundles/conf/README.md). */
    private String confBack() throws Exception {
        return answered("CONF-V1", "GET/configurations", 400, "CONF-V1 is answered in Kura's protocol only");
    }

    /** null when {@code app} answers the request with {@code code} and a reply holding {@code text}; else the reply. */
    private String answered(String app, String request, int code, String text) throws Exception {
        JsonObject r = cloud.requestTo(app, request);
        return r.get("response.code").getAsInt() == code && r.toString().contains(text) ? null : r.toString();
    }

    private String httpAway(String path) throws Exception {
        HttpResponse<String> r = gateway.get(path, "admin", password);
        return r.statusCode() == 404 ? null : path + " answered " + r.statusCode();
    }

    private String httpBack(String path) throws Exception {
        HttpResponse<String> r = gateway.get(path, "admin", password);
        return r.statusCode() == 200 ? null : path + " answered " + r.statusCode();
    }

    /** Waits (60 s at most) until the check holds; a failure names the last answer seen. */
    private static void await(Check check, String what) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        String last = "nothing yet";
        while (System.currentTimeMillis() < end) {
            String answer;
            try {
                answer = check.answer();
            } catch (Exception | AssertionError e) {
                answer = e.toString(); // e.g. no reply yet: asked again
            }
            if (answer == null) {
                return;
            }
            last = answer;
            Thread.sleep(200);
        }
        throw new AssertionError(what + ": not within 60 s; last answer: " + last);
    }

    /** The numbers in the order they first arrived (a repeat, at least once, counted once). */
    private static List<Long> firstArrivals(List<SequenceSubscriber.Received> received) {
        Set<Long> seen = new HashSet<>();
        List<Long> out = new ArrayList<>();
        for (SequenceSubscriber.Received r : received) {
            if (seen.add(r.seq())) {
                out.add(r.seq());
            }
        }
        return out;
    }
}
