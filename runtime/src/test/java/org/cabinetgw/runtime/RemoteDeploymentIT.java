package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Remote deployment end to end, as a cloud would do it: the real gateway jar as a child process, a real
 * Mosquitto, the fixture packages (signed by this build's key, which the jar trusts out of the box) on a
 * real HTTPS server, DEPLOY-V2 requests and their replies and notifications over MQTT, and an independent
 * subscriber (mosquitto_sub) counting the telemetry the fixture publishes through the uplink, numbered
 * across versions. One gateway for the whole story, in order: install 1.0.0, update to 2.0.0 while
 * telemetry flows, refusals (wrong hash, bad signature, unreachable server, malformed requests), a package
 * that throws in activate rolled back to 2.0.0. After every step: the same process and the same framework
 * instance (its UUID is new at every framework start), and no telemetry number missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteDeploymentIT {

    static final String NAME = "org.cabinetgw.deploy.fixture";
    static final String PREFIX = "e2e";
    static final String GATEWAY = "gw-e2e";
    static final String CLOUD = "e2e-cloud";
    static final Path FIXTURES = GatewayProcess.MODULE.resolve("target/fixtures");

    private Path dir;
    private TestBroker broker;
    private HttpsPackageServer packages;
    private GatewayProcess gateway;
    private MqttClient cloud;
    private SequenceSubscriber counter;
    private final List<String[]> received = new ArrayList<>();
    private JsonObject frameworkAtStart;
    private int requests;
    private byte[] tampered;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        Assumptions.assumeTrue(SequenceSubscriber.available(),
                "mosquitto_sub is not installed (apt-get install mosquitto-clients)");
        dir = Files.createTempDirectory("remote-deployment-it");
        broker = TestBroker.start(dir.resolve("broker"));
        packages = new HttpsPackageServer(dir.resolve("https"));
        packages.put("/v1.dp", fixture("v1"));
        packages.put("/v2.dp", fixture("v2"));
        packages.put("/broken.dp", fixture("broken"));
        tampered = tampered(fixture("v2"));
        packages.put("/tampered.dp", tampered);

        Path site = Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "e2e.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "%s",
                     "topic.prefix": "%s", "reconnect.initial.millis": 100},
                 "org.cabinetgw.deploy.agent": {"health.gate.seconds": 20, "download.connect.timeout.seconds": 3,
                     "download.read.timeout.seconds": 5}}
                """.formatted(broker.port, GATEWAY, PREFIX));
        List<String> jvm = new ArrayList<>(List.of("-Xmx96m"));
        jvm.addAll(packages.gatewayJvmOptions());
        gateway = GatewayProcess.start(GatewayProcess.JAR, jvm, dir.resolve("data"), "--config", site.toString());

        cloud = new MqttClient("tcp://127.0.0.1:" + broker.port, CLOUD, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        cloud.connect(o);
        cloud.subscribe(new String[] { PREFIX + "/" + CLOUD + "/DEPLOY-V2/REPLY/#", PREFIX + "/" + GATEWAY + "/DEPLOY-V2/NOTIFY/#" },
                new int[] { 1, 1 });
        cloud.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                synchronized (received) {
                    received.add(new String[] { topic, new String(message.getPayload(), StandardCharsets.UTF_8) });
                }
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }
        });
        String telemetry = PREFIX + "/deploy/fixture";
        counter = SequenceSubscriber.start(broker.port, telemetry, dir.resolve("counted.jsonl"),
                () -> cloud.publish(telemetry, "{\"marker\":true}".getBytes(StandardCharsets.UTF_8), 1, false));

        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"") && b.contains("\"deploy.agent\":{\"status\":\"UP\""),
                "the uplink connected and the deploy agent UP");
        awaitCommandChannel();
        frameworkAtStart = framework();
        assertThat(frameworkAtStart.get("process.id").getAsLong()).as("the agent runs in the gateway process")
                .isEqualTo(gateway.pid());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] { counter, () -> {
            if (cloud != null && cloud.isConnected()) {
                cloud.disconnect();
            }
        }, gateway, packages, broker }) {
            if (c != null) {
                c.close();
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aFreshGatewayTrustsThisBuildsPackagesAndInstallsVersion1() throws Exception {
        JsonObject end = deploy("v1.dp", "1.0.0", sha256(fixture("v1")), 1);
        assertThat(end.get("dp.install.status").getAsString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(installedVersion()).isEqualTo("1.0.0");
        counter.awaitSeq(5, "1.0.0", 20_000); // telemetry of version 1 flows through the uplink
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(2)
    void anUpdateToVersion2WhileTelemetryFlowsLosesNoMessage() throws Exception {
        long beforeUpdate = counter.highest();
        JsonObject end = deploy("v2.dp", "2.0.0", sha256(fixture("v2")), 2);
        assertThat(end.get("dp.install.status").getAsString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(installedVersion()).isEqualTo("2.0.0");
        counter.awaitSeq(counter.highest() + 5, "2.0.0", 20_000);

        List<SequenceSubscriber.Received> all = counter.received();
        long lastOfV1 = all.stream().filter(r -> r.version().equals("1.0.0")).mapToLong(SequenceSubscriber.Received::seq).max().orElseThrow();
        long firstOfV2 = all.stream().filter(r -> r.version().equals("2.0.0")).mapToLong(SequenceSubscriber.Received::seq).min().orElseThrow();
        assertThat(lastOfV1).as("version 1 was publishing when the update began").isGreaterThanOrEqualTo(beforeUpdate);
        assertThat(firstOfV2).as("version 2 continues the numbering (its data area survived the update)")
                .isBetween(lastOfV1 - 1, lastOfV1 + 1);
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(3)
    void aWrongHashIsRefusedAndVersion2KeepsRunning() throws Exception {
        JsonObject end = deploy("v1.dp", "1.0.0", "0".repeat(64), 3);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("dp.download.hash does not match");
        assertThat(installedVersion()).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(4)
    void aPackageWhoseSignatureDoesNotMatchItsContentIsRefused() throws Exception {
        JsonObject end = deploy("tampered.dp", "2.0.0", sha256(tampered), 4);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("signature does not match");
        assertThat(installedVersion()).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(5)
    void anUnreachableServerIsReportedAndNothingChanges() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        int mark = mark();
        request("EXEC/download", "u5", """
                "dp.uri": "https://127.0.0.1:%d/v1.dp", "dp.name": "%s", "dp.version": "1.0.0", "job.id": 5,
                "dp.download.hash": "SHA256:%s", "dp.install": true""".formatted(closed, NAME, sha256(fixture("v1"))));
        assertThat(reply(mark, "u5").get("response.code").getAsInt()).isEqualTo(200);
        JsonObject end = jobEnd(mark, 5);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("cannot reach 127.0.0.1:" + closed);
        assertThat(installedVersion()).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(6)
    void malformedRequestsAreAnswered400NamingTheField() throws Exception {
        String hash = "SHA256:" + sha256(fixture("v1"));
        String uri = packages.url("/v1.dp");
        String[][] cases = {
                { "dp.download.hash", "\"dp.uri\":\"" + uri + "\",\"dp.name\":\"" + NAME + "\",\"dp.version\":\"1.0.0\",\"job.id\":6" },
                { "dp.uri", "\"dp.uri\":\"file:///etc/passwd\",\"dp.name\":\"" + NAME + "\",\"dp.version\":\"1.0.0\",\"job.id\":6,\"dp.download.hash\":\"" + hash + "\"" },
                { "job.id", "\"dp.uri\":\"" + uri + "\",\"dp.name\":\"" + NAME + "\",\"dp.version\":\"1.0.0\",\"job.id\":\"six\",\"dp.download.hash\":\"" + hash + "\"" },
                { "dp.name", "\"dp.uri\":\"" + uri + "\",\"dp.name\":\"../../etc\",\"dp.version\":\"1.0.0\",\"job.id\":6,\"dp.download.hash\":\"" + hash + "\"" },
        };
        int n = 0;
        for (String[] c : cases) {
            int mark = mark();
            String id = "m" + n++;
            request("EXEC/download", id, c[1]);
            JsonObject r = reply(mark, id);
            assertThat(r.get("response.code").getAsInt()).as(c[0]).isEqualTo(400);
            assertThat(r.getAsJsonObject("body").get("field").getAsString()).as(r.toString()).isEqualTo(c[0]);
        }
        assertThat(installedVersion()).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(7)
    void aPackageThatThrowsInActivateIsRolledBackToVersion2() throws Exception {
        JsonObject end = deploy("broken.dp", "3.0.0", sha256(fixture("broken")), 7);
        assertThat(end.get("dp.install.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.install.error").getAsString()).contains("fails in activate on purpose")
                .contains("version 2.0.0 reinstalled");
        assertThat(installedVersion()).isEqualTo("2.0.0");
        assertThat(bundles().toString()).contains("\"name\":\"" + NAME + "\",\"version\":\"2.0.0\"");
        // version 2 is back and publishing, still without a gap
        counter.awaitSeq(counter.highest() + 5, "2.0.0", 20_000);
        String health = gateway.awaitHealthWhere(b -> b.contains("\"deploy.agent\":{\"status\":\"DEGRADED\""),
                "the deploy agent DEGRADED after the rollback").body();
        assertThat(health).contains("rolled back");
        assertNoRestartAndNoLoss();
        assertThat(Files.readString(dir.resolve("data/deploy/journal.jsonl")))
                .contains("\"result\":\"INSTALLED\"").contains("\"result\":\"ROLLED_BACK\"");
    }

    // ------------------------------------------------------------------ helpers

    private void assertNoRestartAndNoLoss() throws Exception {
        assertThat(framework()).as("same process, same framework instance: no restart").isEqualTo(frameworkAtStart);
        assertThat(counter.missing()).as("telemetry numbers missing at the independent subscriber").isEmpty();
    }

    private static byte[] fixture(String which) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve("org.cabinetgw.dp.fixture." + which + ".dp"));
    }

    /** The package with one byte of its bundle changed; its entries and signature files unchanged. */
    private static byte[] tampered(byte[] dp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dp));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] content = in.readAllBytes();
                if (e.getName().endsWith(".jar")) {
                    content[content.length / 2] ^= 0x01;
                }
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private int mark() {
        synchronized (received) {
            return received.size();
        }
    }

    private void request(String resource, String requestId, String fields) throws Exception {
        String body = "{\"request.id\":\"" + requestId + "\",\"requester.client.id\":\"" + CLOUD + "\""
                + (fields.isBlank() ? "" : "," + fields) + "}";
        cloud.publish(PREFIX + "/" + GATEWAY + "/DEPLOY-V2/" + resource, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The first message after {@code mark} on a topic that satisfies the condition. */
    private JsonObject await(int mark, String topic, Predicate<JsonObject> condition, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        int next = mark;
        while (System.currentTimeMillis() < end) {
            List<String[]> copy;
            synchronized (received) {
                copy = new ArrayList<>(received.subList(next, received.size()));
            }
            for (String[] m : copy) {
                next++;
                if (m[0].equals(topic)) {
                    JsonObject o = JsonParser.parseString(m[1]).getAsJsonObject();
                    if (condition.test(o)) {
                        return o;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing on " + topic + " within " + millis + " ms\n" + gateway.output());
    }

    private JsonObject reply(int mark, String requestId) throws Exception {
        return await(mark, PREFIX + "/" + CLOUD + "/DEPLOY-V2/REPLY/" + requestId, o -> true, 15_000);
    }

    /** The notification that ends job {@code jobId}: a failed download, or the install's end. */
    private JsonObject jobEnd(int mark, long jobId) throws Exception {
        String notify = PREFIX + "/" + GATEWAY + "/DEPLOY-V2/NOTIFY/" + CLOUD + "/";
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            try {
                return await(mark, notify + "download", o -> o.get("job.id").getAsLong() == jobId
                        && "FAILED".equals(o.get("dp.download.status").getAsString()), 200);
            } catch (AssertionError notYet) {
                // not a failed download (yet)
            }
            try {
                return await(mark, notify + "install", o -> o.get("job.id").getAsLong() == jobId
                        && !"IN_PROGRESS".equals(o.get("dp.install.status").getAsString()), 200);
            } catch (AssertionError notYet) {
                // not installed (yet)
            }
        }
        throw new AssertionError("job " + jobId + " never ended\n" + gateway.output());
    }

    /** EXEC/download of a package from the HTTPS server, installed; the notification that ends the job. */
    private JsonObject deploy(String file, String version, String sha256, long jobId) throws Exception {
        int mark = mark();
        String id = "d" + jobId;
        request("EXEC/download", id, """
                "dp.uri": "%s", "dp.name": "%s", "dp.version": "%s", "job.id": %d,
                "dp.download.hash": "SHA256:%s", "dp.install": true""".formatted(packages.url("/" + file), NAME, version, jobId, sha256));
        JsonObject r = reply(mark, id);
        assertThat(r.get("response.code").getAsInt()).as(r.toString()).isEqualTo(200);
        return jobEnd(mark, jobId);
    }

    private JsonObject get(String resource) throws Exception {
        int mark = mark();
        String id = "g" + ++requests;
        request("GET/" + resource, id, "");
        JsonObject r = reply(mark, id);
        assertThat(r.get("response.code").getAsInt()).isEqualTo(200);
        return r.getAsJsonObject("body");
    }

    /** The transport subscribes to requests in the background after it connected: ask until it answers. */
    private void awaitCommandChannel() throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        for (int n = 0; System.currentTimeMillis() < end; n++) {
            int mark = mark();
            request("GET/packages", "probe" + n, "");
            try {
                await(mark, PREFIX + "/" + CLOUD + "/DEPLOY-V2/REPLY/probe" + n, o -> true, 500);
                return;
            } catch (AssertionError notYet) {
                // not subscribed yet
            }
        }
        throw new AssertionError("the gateway never answered over MQTT\n" + gateway.output());
    }

    private JsonObject framework() throws Exception {
        return get("bundles").getAsJsonObject("framework");
    }

    private JsonObject bundles() throws Exception {
        return get("bundles");
    }

    private String installedVersion() throws Exception {
        for (var p : get("packages").getAsJsonArray("packages")) {
            if (p.getAsJsonObject().get("name").getAsString().equals(NAME)) {
                return p.getAsJsonObject().get("version").getAsString();
            }
        }
        return null;
    }
}
