package org.cabinetgw.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cabinetgw.testing.DeploymentPackages;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Remote deployment end to end, measured: the gateway jar as a child process, Mosquitto, the fixture
 * packages over HTTPS, DEPLOY-V2 over MQTT, mosquitto_sub counting the fixture's telemetry (one message
 * every 20 ms, numbered across versions). Prints
 * <ul>
 * <li>request -> installed and healthy, as the cloud sees it (request published to COMPLETED received),
 * for updates 1.0.0 <-> 2.0.0; beside it, the anchor: the Deployment Admin call alone, from the agent's
 * journal ({@code install.ms}) for the same updates;</li>
 * <li>request -> rolled back and reported, for the package that throws in activate;</li>
 * <li>the longest gap in the updated service's output (time stamps of consecutive numbers), beside the
 * telemetry interval (the shortest gap possible);</li>
 * <li>messages lost (numbers missing at the subscriber; must be 0) and whether the framework restarted.</li>
 * </ul>
 * A harness, not a test. Run (after {@code mvn -o -pl runtime -am install -DskipTests}):
 * {@code mvn -o -q -pl runtime test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=org.cabinetgw.runtime.RemoteDeploymentBenchmark -Dcabinetgw.runtime.dir=runtime -Drounds=10}
 */
public final class RemoteDeploymentBenchmark {

    private static final int ROUNDS = Integer.getInteger("rounds", 10);
    private static final int INTERVAL_MILLIS = 20;

    public static void main(String[] args) throws Exception {
        if (!TestBroker.available() || !SequenceSubscriber.available()) {
            System.out.println("mosquitto and mosquitto_sub are needed: apt-get install mosquitto mosquitto-clients");
            return;
        }
        Path dir = Files.createTempDirectory("cabinetgw-deploy-bench");
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"));
                HttpsPackageServer packages = new HttpsPackageServer(dir.resolve("https"));
                GatewayProcess gateway = RemoteDeploymentIT.startGateway(dir, broker, packages, INTERVAL_MILLIS);
                DeployCloud cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "bench-cloud")) {
            String[] which = { "v1", "v2", "broken" };
            String[] version = { "1.0.0", "2.0.0", "3.0.0" };
            String[] sha = new String[3];
            for (int i = 0; i < 3; i++) {
                byte[] dp = RemoteDeploymentIT.fixture(which[i]);
                packages.put("/" + which[i] + ".dp", dp);
                sha[i] = DeploymentPackages.sha256(dp);
            }
            String topic = RemoteDeploymentIT.PREFIX + "/deploy/fixture";
            try (SequenceSubscriber counter = SequenceSubscriber.start(broker.port, topic, dir.resolve("counted.jsonl"),
                    () -> cloud.publish(topic, "{\"marker\":true}"))) {
                // the agent UP: it has installed the packages the jar ships (until then a request gets 409)
                gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"")
                        && b.contains("\"deploy.agent\":{\"status\":\"UP\""), "the uplink and the deploy agent UP");
                cloud.awaitGateway(30_000);
                JsonObject before = cloud.get("bundles").getAsJsonObject("framework");

                long job = 1;
                expect(cloud.deploy(packages.url("/v1.dp"), RemoteDeploymentIT.NAME, "1.0.0", sha[0], job++), "COMPLETED");
                counter.awaitSeq(10, "1.0.0", 20_000);

                List<Double> updates = new ArrayList<>();
                List<Long> updateJobs = new ArrayList<>();
                for (int round = 0; round < ROUNDS; round++) {
                    int to = round % 2 == 0 ? 1 : 0; // 2.0.0, then back to 1.0.0, ...
                    long t0 = System.nanoTime();
                    expect(cloud.deploy(packages.url("/" + which[to] + ".dp"), RemoteDeploymentIT.NAME, version[to], sha[to], job), "COMPLETED");
                    updates.add((System.nanoTime() - t0) / 1e6);
                    updateJobs.add(job++);
                    // the new version is publishing before the next update begins
                    counter.awaitSeq(counter.highest() + 5, version[to], 20_000);
                }
                String running = ROUNDS % 2 == 0 ? "1.0.0" : "2.0.0";
                List<Double> rollbacks = new ArrayList<>();
                for (int round = 0; round < Math.max(1, ROUNDS / 4); round++) {
                    long t0 = System.nanoTime();
                    expect(cloud.deploy(packages.url("/broken.dp"), RemoteDeploymentIT.NAME, "3.0.0", sha[2], job++), "FAILED");
                    rollbacks.add((System.nanoTime() - t0) / 1e6);
                    counter.awaitSeq(counter.highest() + 5, running, 20_000);
                }
                Thread.sleep(1000); // the last messages on their way
                JsonObject after = cloud.get("bundles").getAsJsonObject("framework");

                List<Double> daAlone = new ArrayList<>();
                for (String line : Files.readAllLines(dir.resolve("data/deploy/journal.jsonl"))) {
                    JsonObject rec = JsonParser.parseString(line).getAsJsonObject();
                    if (updateJobs.contains(rec.get("job.id").getAsLong()) && rec.has("install.ms")) {
                        daAlone.add(rec.get("install.ms").getAsDouble());
                    }
                }
                List<SequenceSubscriber.Received> received = counter.received(); // one snapshot for every figure
                long numbered = received.stream().mapToLong(SequenceSubscriber.Received::seq).max().orElse(0);
                System.out.printf("Remote deployment end to end: cabinetgw.jar, Mosquitto, HTTPS, %d updates, 2 cores shared%n", ROUNDS);
                System.out.printf("  %-46s median %8.1f ms   max %8.1f ms%n", "request -> installed and healthy (over MQTT)",
                        median(updates), Collections.max(updates));
                System.out.printf("  %-46s median %8.1f ms   max %8.1f ms%n", "Deployment Admin call alone (anchor, journal)",
                        median(daAlone), Collections.max(daAlone));
                System.out.printf("  %-46s median %8.1f ms   max %8.1f ms%n", "request -> rolled back and reported",
                        median(rollbacks), Collections.max(rollbacks));
                System.out.printf("  %-46s %8d ms   (telemetry interval %d ms: the shortest gap possible)%n",
                        "longest gap in the updated service's output", SequenceSubscriber.longestGap(received).toMillis(), INTERVAL_MILLIS);
                System.out.printf("  %-46s %8d of %d numbered messages (mosquitto_sub)%n", "messages lost",
                        SequenceSubscriber.missing(received).size(), numbered);
                System.out.printf("  %-46s %s%n", "framework restarted", before.equals(after) ? "no" : "YES: " + before + " -> " + after);
                System.out.printf("  (%d messages received, duplicates included)%n", received.size());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void expect(JsonObject end, String status) {
        String got = end.has("dp.install.status") ? end.get("dp.install.status").getAsString() : "download " + end.get("dp.download.status");
        if (!got.equals(status)) {
            throw new IllegalStateException("expected " + status + ", got " + end);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
