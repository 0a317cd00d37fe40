package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink's HTTP fallback as the operator of the receiving endpoint sees it (issue 20): the real jar, a
 * real Mosquitto, an HTTP receiver in the test that logs every POST and counts by id.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UplinkFallbackIT {

    @TempDir
    Path data;

    private Path site(String body) throws Exception {
        return Files.writeString(Files.createDirectories(data.resolve("test-site")).resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "test.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.failover.coordinator": {"startup.settle.seconds": 1},
                 %s}
                """.formatted(body));
    }

    private static String mqtt(int port) {
        return "\"org.cabinetgw.uplink.mqtt\": {\"server.uri\": \"tcp://127.0.0.1:" + port
                + "\", \"client.id\": \"cabinetgw-it-" + ProcessHandle.current().pid() + "\"}";
    }

    private static String http(HttpReceiver receiver) {
        return "\"org.cabinetgw.uplink.http\": {\"endpoint\": \"" + receiver.endpoint() + "\"}";
    }

    @Test
    void aStartWithTheBrokerUpSendsNothingOverHttp() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        try (TestBroker broker = TestBroker.start(data.resolve("test-broker"));
                HttpReceiver receiver = new HttpReceiver();
                GatewayProcess gw = GatewayProcess.start(data, "--config",
                        site(mqtt(broker.port) + ", " + http(receiver)).toString())) {
            gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink UP on MQTT");
            // the coordinator's first state messages are out by now; give a false fallback time to show
            Thread.sleep(5_000);
            assertThat(receiver.posts()).as("nothing over HTTP while the broker is up").isEmpty();
            assertThat(gw.output()).doesNotContain("to HTTP").contains("switched from NONE to MQTT");
            assertThat(gw.awaitHealth().body()).doesNotContain("HTTP fallback");
        }
    }

    @Test
    void healthSaysWhyTheFallbackFailsRetriesKeepTheirKeyAndARecoveredEndpointIsUsedWithinSeconds()
            throws Exception {
        int deadBroker;
        try (ServerSocket s = new ServerSocket(0)) {
            deadBroker = s.getLocalPort(); // closed again: nothing listens there
        }
        try (HttpReceiver receiver = new HttpReceiver()) {
            receiver.answer(503, Map.of());
            try (GatewayProcess gw = GatewayProcess.start(data, "--config", site(mqtt(deadBroker) + ", " + http(receiver)
                    + ", \"org.cabinetgw.uplink\": {\"failover.seconds\": 1}").toString())) {
                String failing503 = gw.awaitHealthWhere(b -> b.matches(
                        ".*\"uplink\":\\{\"status\":\"DEGRADED\"[^}]*delivery failing[^}]*answered 503[^}]*waiting.*"),
                        "the uplink saying delivery fails with 503").body();
                assertThat(failing503).doesNotContain("delivering over the HTTP fallback");

                receiver.answer(429, Map.of("Retry-After", "2"));
                gw.awaitHealthWhere(b -> b.matches(
                        ".*\"uplink\":\\{\"status\":\"DEGRADED\"[^}]*delivery failing[^}]*answered 429.*"),
                        "the uplink saying delivery fails with 429");

                Await.within(Duration.ofSeconds(30), () -> receiver.posts().size(), n -> n >= 3);
                List<HttpReceiver.Post> failed = receiver.posts();
                assertThat(failed).hasSizeGreaterThanOrEqualTo(3);
                // every try of the first request is the same request: same messages, same key
                assertThat(failed).allSatisfy(p -> {
                    assertThat(p.ids()).isEqualTo(failed.get(0).ids());
                    assertThat(p.key()).isEqualTo(failed.get(0).key());
                    assertThat(p.upgrade()).as("no h2c upgrade").isNull();
                });

                long recovered = System.nanoTime();
                receiver.answer(200, Map.of());
                gw.awaitHealthWhere(b -> b.contains("delivering over the HTTP fallback"), "delivering again");
                HttpReceiver.Post first = receiver.posts().stream().filter(p -> p.status() == 200).findFirst()
                        .orElseThrow();
                long resumedMillis = TimeUnit.NANOSECONDS.toMillis(first.atNanos() - recovered);
                System.out.println("resumption after the endpoint recovered: " + resumedMillis + " ms");
                // Retry-After 2 s, then at most the 5 s back-off cap
                assertThat(resumedMillis).isLessThan(8_000);
                assertThat(first.ids()).as("the request that failed, now taken").isEqualTo(failed.get(0).ids());
                assertThat(first.key()).isEqualTo(failed.get(0).key());
                assertThat(receiver.accepted().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            }
        }
    }

    @Test
    void aMixedBatchWithOneRefusedMessageDeadLettersOnlyThatOne() throws Exception {
        int deadBroker;
        try (ServerSocket s = new ServerSocket(0)) {
            deadBroker = s.getLocalPort(); // closed again: nothing listens there
        }
        try (HttpReceiver receiver = new HttpReceiver()) {
            receiver.answer(503, Map.of());
            // two filesystem monitors: a reading of each every 5 s, on two topics
            String readings = """
                    "org.cabinetgw.storage.filesystem~ita": {"name": "ita", "mount.point": "/", "poll.seconds": 5,
                      "min.free.percent": 0, "min.free.inodes.percent": 0},
                    "org.cabinetgw.storage.filesystem~itb": {"name": "itb", "mount.point": "/", "poll.seconds": 5,
                      "min.free.percent": 0, "min.free.inodes.percent": 0}
                    """;
            try (GatewayProcess gw = GatewayProcess.start(data, "--config", site(mqtt(deadBroker) + ", " + http(receiver)
                    + ", \"org.cabinetgw.uplink\": {\"failover.seconds\": 1}, " + readings).toString())) {
                gw.awaitShippedPackages();
                // readings of both monitors pile up behind the request the endpoint keeps refusing with 503
                Await.within(Duration.ofSeconds(60), () -> gw.awaitHealth().body(), b -> b.contains("10+ messages waiting"));
                receiver.refuseOneMessageOf("storage/fs/itb");
                receiver.answer(200, Map.of());
                Path deadLetters = data.resolve("uplink").resolve("deadletter").resolve("deadletter.jsonl");
                Await.within(Duration.ofSeconds(60), () -> Files.exists(deadLetters)
                        && gw.awaitHealth().body().contains("\"uplink\":{\"status\":\"DEGRADED\",\"reason\":\"delivering over the HTTP fallback; no messages waiting"),
                        Boolean.TRUE::equals);
                String victim = receiver.refused();
                assertThat(victim).as("a request of several messages held an itb reading").isNotNull();
                List<String> lines = Files.readAllLines(deadLetters);
                assertThat(lines).as("only the refused message is dead-lettered").hasSize(1);
                com.google.gson.JsonObject line = com.google.gson.JsonParser.parseString(lines.get(0)).getAsJsonObject();
                assertThat(line.get("id").getAsString()).isEqualTo(victim);
                assertThat(line.get("status").getAsInt()).isEqualTo(400);
                assertThat(line.get("reason").getAsString()).contains("refused by the validator");
                // every other message of the request that was refused for it arrived, once
                HttpReceiver.Post mixed = receiver.posts().stream()
                        .filter(p -> p.status() == 400 && p.ids().size() >= 2).findFirst().orElseThrow();
                for (String id : mixed.ids()) {
                    if (!id.equals(victim)) {
                        assertThat(receiver.accepted()).as("message %s of the mixed batch", id).containsEntry(id, 1);
                    }
                }
                assertThat(receiver.accepted()).doesNotContainKey(victim);
            }
        }
    }

    @Test
    void anOrderlyStopDuringALinkSwitchDeliversTheSwitchAfterTheNextStart() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")), "mosquitto_sub is not installed");
        ServerSocket wired = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        try (ServerSocket cellular = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String links = """
                    "org.cabinetgw.network.manager": {"backend": "simulated", "failback.hold.seconds": 600},
                    "org.cabinetgw.network.link~wired": {"name": "wired", "interface.name": "lo",
                      "source.address": "127.0.0.1", "type": "WIRED", "priority": 1,
                      "probe.targets": ["tcp://127.0.0.1:%d"]},
                    "org.cabinetgw.network.link~cellular": {"name": "cellular", "interface.name": "lo",
                      "source.address": "127.0.0.1", "type": "CELLULAR", "priority": 2, "metered": false,
                      "probe.targets": ["tcp://127.0.0.1:%d"]}
                    """.formatted(wired.getLocalPort(), cellular.getLocalPort());
            Path brokerDir = data.resolve("test-broker");
            int brokerPort;
            Path config;
            try (TestBroker broker = TestBroker.start(brokerDir)) {
                brokerPort = broker.port;
                config = site(mqtt(brokerPort) + ", " + links);
                try (GatewayProcess gw = GatewayProcess.start(data, "--config", config.toString())) {
                    gw.awaitShippedPackages();
                    gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"")
                            && b.contains("\"failover.cabinet\"")
                            && b.contains("\"link.wired\":{\"status\":\"UP\"")
                            && b.contains("\"link.cellular\":{\"status\":\"UP\""), "both links and the uplink UP");
                    // the framework stops by start level, highest first: the capabilities, the coordinator, the
                    // uplink (the packages were installed by Deployment Admin, the levels set as they came)
                    String password = gw.printedPassword();
                    assertThat(startLevel(gw, password, "org.cabinetgw.network")).isEqualTo(4);
                    assertThat(startLevel(gw, password, "org.cabinetgw.power")).isEqualTo(4);
                    assertThat(startLevel(gw, password, "org.cabinetgw.failover")).isEqualTo(3);
                    assertThat(startLevel(gw, password, "org.cabinetgw.uplink")).isEqualTo(2);
                    assertThat(startLevel(gw, password, "org.apache.felix.scr")).as("the uplink's components live in SCR")
                            .isEqualTo(2);
                    broker.close(); // from now on nothing is delivered before the stop: it must be queued
                    wired.close();
                    gw.awaitHealthWhere(b -> b.contains("\"link.wired\":{\"status\":\"DOWN\""), "wired DOWN");
                    assertThat(gw.stop()).as("an orderly stop").isTrue();
                }
            }
            try (TestBroker broker = TestBroker.start(brokerDir, brokerPort)) {
                Path received = data.resolve("received.txt");
                Process sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p",
                        Integer.toString(brokerPort), "-q", "1", "-v", "-i", "it-stop-" + ProcessHandle.current().pid(),
                        "-t", "#").redirectErrorStream(true).redirectOutput(received.toFile()).start();
                try (GatewayProcess gw = GatewayProcess.start(data, "--config", config.toString())) {
                    Await.within(Duration.ofSeconds(60), () -> Files.readString(received),
                            t -> t.contains("network/switched") && t.contains("link wired"));
                    String text = Files.readString(received);
                    assertThat(text).as("the switch, raised as the gateway stopped, arrives after the next start")
                            .contains("network/switched").contains("\"cellular\"");
                    assertThat(text).as("and the coordinator's alarm about it").contains("link wired");
                } finally {
                    sub.destroy();
                }
            }
        } finally {
            wired.close();
        }
    }

    /** The bundle's start level as the web console reports it. */
    private static int startLevel(GatewayProcess gw, String password, String symbolicName) throws Exception {
        String json = gw.awaitConsole("/system/console/bundles/" + symbolicName + ".json", "admin", password).body();
        for (com.google.gson.JsonElement p : com.google.gson.JsonParser.parseString(json).getAsJsonObject()
                .getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("props")) {
            if ("Start Level".equals(p.getAsJsonObject().get("key").getAsString())) {
                return p.getAsJsonObject().get("value").getAsInt();
            }
        }
        throw new AssertionError("no start level for " + symbolicName + ": " + json);
    }
}
