package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.testing.DeploymentPackages.sha256;
import static org.cabinetgw.testing.DeploymentPackages.tampered;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonObject;

/**
 * Remote deployment end to end, as a cloud would do it: the real gateway jar as a child process, a real
 * Mosquitto, the fixture packages (signed by this build's key, which the jar trusts out of the box) on a
 * real HTTPS server, DEPLOY-V2 requests and their replies and notifications over MQTT, and an independent
 * subscriber (mosquitto_sub) counting the telemetry the fixture publishes through the uplink, numbered
 * across versions. One gateway for the whole story, in order: install 1.0.0, update to 2.0.0 while
 * telemetry flows, refusals (wrong hash, a signature that does not match the content, a valid signature
 * by a key the gateway does not trust, unreachable server, malformed requests), a package
 * that throws in activate rolled back to 2.0.0. After every step: the same process and the same framework
 * instance (its UUID is new at every framework start), and no telemetry number missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteDeploymentIT {

    static final String NAME = "org.cabinetgw.deploy.fixture";
    static final String PREFIX = "e2e";
    static final String GATEWAY = "gw-e2e";
    static final Path FIXTURES = GatewayProcess.MODULE.resolve("target/fixtures");

    private Path dir;
    private TestBroker broker;
    private HttpsPackageServer packages;
    private GatewayProcess gateway;
    private DeployCloud cloud;
    private SequenceSubscriber counter;
    private JsonObject frameworkAtStart;
    private byte[] tampered;
    private byte[] stranger;
    private byte[] forged;

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
        stranger = signedByAStranger(fixture("v2"), dir.resolve("stranger"), false);
        packages.put("/stranger.dp", stranger);
        forged = signedByAStranger(fixture("v1"), dir.resolve("forged"), true);
        packages.put("/forged.dp", forged);

        gateway = startGateway(dir, broker, packages, 100);
        cloud = new DeployCloud(broker.port, PREFIX, GATEWAY, "e2e-cloud");
        String telemetry = PREFIX + "/deploy/fixture";
        counter = SequenceSubscriber.start(broker.port, telemetry, dir.resolve("counted.jsonl"),
                () -> cloud.publish(telemetry, "{\"marker\":true}"));

        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"") && b.contains("\"deploy.agent\":{\"status\":\"UP\""),
                "the uplink connected and the deploy agent UP");
        cloud.awaitGateway(30_000);
        frameworkAtStart = framework();
        assertThat(frameworkAtStart.get("process.id").getAsLong()).as("the agent runs in the gateway process")
                .isEqualTo(gateway.pid());
    }

    /**
     * The gateway jar with a site configuration: the uplink to the broker, the agent's timeouts, the
     * fixture's telemetry interval; the JVM trusts the package server's certificate.
     */
    static GatewayProcess startGateway(Path dir, TestBroker broker, HttpsPackageServer packages, int telemetryMillis)
            throws Exception {
        Path site = Files.writeString(dir.resolve("site.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "e2e.site",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "%s",
                     "topic.prefix": "%s", "reconnect.initial.millis": 100},
                 "org.cabinetgw.deploy.agent": {"health.gate.seconds": 20, "download.connect.timeout.seconds": 3,
                     "download.read.timeout.seconds": 5, "command.requesters": "e2e-cloud, bench-cloud, seed-cloud"},
                 "org.cabinetgw.deploy.fixture.internal.FixtureComponent": {"telemetry.interval.millis": %d}}
                """.formatted(broker.port, GATEWAY, PREFIX, telemetryMillis));
        List<String> jvm = new ArrayList<>(List.of("-Xmx96m"));
        jvm.addAll(packages.gatewayJvmOptions());
        return GatewayProcess.start(GatewayProcess.JAR, jvm, dir.resolve("data"), "--config", site.toString());
    }

    @AfterAll
    void stop() throws Exception {
        closeAndDelete(dir, counter, cloud, gateway, packages, broker);
    }

    /**
     * Closes what an end-to-end test started (those not started are null), in the order given, then deletes
     * its directory; -Dkeep.e2e=1 keeps it (the gateway's journal and log) for a post-mortem.
     */
    static void closeAndDelete(Path dir, AutoCloseable... started) throws Exception {
        for (AutoCloseable c : started) {
            if (c != null) {
                c.close();
            }
        }
        if (dir != null && System.getProperty("keep.e2e") == null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void aFreshGatewayTrustsThisBuildsPackagesAndInstallsVersion1() throws Exception {
        JsonObject end = deploy("/v1.dp", "1.0.0", sha256(fixture("v1")), 1);
        assertThat(end.get("dp.install.status").getAsString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("1.0.0");
        counter.awaitSeq(5, "1.0.0", 20_000); // telemetry of version 1 flows through the uplink
        assertNoRestartAndNoLoss();
        // this build's key is the development key: said at the start, and on /health while UP
        assertThat(gateway.output()).containsPattern("WARN .*trusts the build's DEVELOPMENT signing key");
        assertThat(gateway.awaitHealthWhere(b -> b.contains("DEVELOPMENT signing key"), "the development key noted").body())
                .contains("\"deploy.agent\":{\"status\":\"UP\"");
    }

    @Test
    @Order(2)
    void anUpdateToVersion2WhileTelemetryFlowsLosesNoMessage() throws Exception {
        long beforeUpdate = counter.highest();
        JsonObject end = deploy("/v2.dp", "2.0.0", sha256(fixture("v2")), 2);
        assertThat(end.get("dp.install.status").getAsString()).as(end.toString()).isEqualTo("COMPLETED");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        counter.awaitSeq(counter.highest() + 5, "2.0.0", 20_000);

        List<SequenceSubscriber.Received> all = counter.received();
        long lastOfV1 = all.stream().filter(r -> r.version().equals("1.0.0")).mapToLong(SequenceSubscriber.Received::seq).max().orElseThrow();
        long firstOfV2 = all.stream().filter(r -> r.version().equals("2.0.0")).mapToLong(SequenceSubscriber.Received::seq).min().orElseThrow();
        assertThat(lastOfV1).as("version 1 was publishing when the update began").isGreaterThanOrEqualTo(beforeUpdate);
        assertThat(firstOfV2).as("version 2 continues the numbering (its data area survived the update)")
                .isBetween(lastOfV1, lastOfV1 + 1);
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(3)
    void aWrongHashIsRefusedAndVersion2KeepsRunning() throws Exception {
        JsonObject end = deploy("/v1.dp", "1.0.0", "0".repeat(64), 3);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        // before the hash matched, the requester is told nothing about what answered at dp.uri
        assertThat(end.get("dp.download.error").getAsString()).startsWith("download failed (incident ").doesNotContain("hash");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(4)
    void aPackageWhoseSignatureDoesNotMatchItsContentIsRefused() throws Exception {
        JsonObject end = deploy("/tampered.dp", "2.0.0", sha256(tampered), 4);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("signature does not match");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(5)
    void aPackageSignedByAKeyTheGatewayDoesNotTrustIsRefused() throws Exception {
        JsonObject end = deploy("/stranger.dp", "2.0.0", sha256(stranger), 41);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("not in the trust store");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    /**
     * The attack of issue 21: a package signed by the attacker's own key, the gateway's (public) trusted
     * certificate appended to its chain. Version 1.0.0 over the running 2.0.0: had it been accepted, its
     * bundle would have replaced 2.0.0 and its activator run.
     */
    @Test
    @Order(5)
    void aPackageSignedByAnAttackerWithTheTrustedCertificateAppendedToItsChainIsRefusedAndNeverRuns() throws Exception {
        JsonObject end = deploy("/forged.dp", "1.0.0", sha256(forged), 42);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.download.error").getAsString()).contains("CN=Attacker").contains("not in the trust store");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertThat(cloud.get("bundles").toString()).contains("\"name\":\"" + NAME + "\",\"version\":\"2.0.0\"")
                .doesNotContain("\"name\":\"" + NAME + "\",\"version\":\"1.0.0\"");
        counter.awaitSeq(counter.highest() + 3, "2.0.0", 20_000); // 2.0.0 still the one publishing
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(6)
    void anUnreachableServerIsReportedAndNothingChanges() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        JsonObject end = cloud.deploy("https://127.0.0.1:" + closed + "/v1.dp", NAME, "1.0.0", sha256(fixture("v1")), 5);
        assertThat(end.get("dp.download.status").getAsString()).isEqualTo("FAILED");
        String told = end.get("dp.download.error").getAsString();
        assertThat(told).startsWith("download failed (incident ").doesNotContain("127.0.0.1").doesNotContain(Integer.toString(closed));
        String incident = told.replaceAll(".*incident ([0-9a-f]{8}).*", "$1");
        assertThat(Files.readString(dir.resolve("data/deploy/journal.jsonl"))).as("the detail stays in the journal")
                .contains("cannot reach 127.0.0.1:" + closed).contains(incident);
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(7)
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
            int mark = cloud.mark();
            String id = "m" + n++;
            cloud.request("EXEC/download", id, c[1]);
            JsonObject r = cloud.reply(mark, id);
            assertThat(r.get("response.code").getAsInt()).as(c[0]).isEqualTo(400);
            assertThat(r.getAsJsonObject("body").get("field").getAsString()).as(r.toString()).isEqualTo(c[0]);
        }
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertNoRestartAndNoLoss();
    }

    @Test
    @Order(8)
    void aPackageThatThrowsInActivateIsRolledBackToVersion2() throws Exception {
        JsonObject end = deploy("/broken.dp", "3.0.0", sha256(fixture("broken")), 7);
        assertThat(end.get("dp.install.status").getAsString()).isEqualTo("FAILED");
        assertThat(end.get("dp.install.error").getAsString()).contains("fails in activate on purpose")
                .contains("version 2.0.0 reinstalled");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertThat(cloud.get("bundles").toString()).contains("\"name\":\"" + NAME + "\",\"version\":\"2.0.0\"");
        // version 2 is back and publishing, still without a gap
        counter.awaitSeq(counter.highest() + 5, "2.0.0", 20_000);
        String health = gateway.awaitHealthWhere(b -> b.contains("\"deploy.agent\":{\"status\":\"DEGRADED\""),
                "the deploy agent DEGRADED after the rollback").body();
        assertThat(health).contains("rolled back");
        assertNoRestartAndNoLoss();
        assertThat(Files.readString(dir.resolve("data/deploy/journal.jsonl")))
                .contains("\"result\":\"INSTALLED\"").contains("\"result\":\"ROLLED_BACK\"");
    }

    /**
     * A power cut in the middle of a deployment: the gateway is killed (SIGKILL) as soon as the install of
     * the package that throws in activate has begun, and started again on the same data. Wherever the kill
     * landed (before Deployment Admin committed, in the health gate, in the rollback, after it), the
     * outcome must be the same: the job is closed in the journal, 2.0.0 is installed and running, and the
     * telemetry continues without a missing number. The framework did restart this time, and shows it.
     */
    @Test
    @Order(9)
    void aPowerCutDuringADeploymentIsFinishedAtTheNextStartAndLosesNoMessage() throws Exception {
        int mark = cloud.mark();
        cloud.request("EXEC/download", "d9", """
                "dp.uri": "%s", "dp.name": "%s", "dp.version": "3.0.0", "job.id": 9,
                "dp.download.hash": "SHA256:%s", "dp.install": true""".formatted(packages.url("/broken.dp"), NAME, sha256(fixture("broken"))));
        cloud.await(mark, PREFIX + "/" + GATEWAY + "/DEPLOY-V2/NOTIFY/" + cloud.id + "/install",
                o -> o.get("job.id").getAsLong() == 9 && "IN_PROGRESS".equals(o.get("dp.install.status").getAsString()), 30_000);
        gateway.kill();

        gateway = startGateway(dir, broker, packages, 100);
        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected again");
        cloud.awaitGateway(30_000);
        JsonObject after = framework();
        assertThat(after.get("uuid")).as("a restart is seen as one").isNotEqualTo(frameworkAtStart.get("uuid"));
        assertThat(after.get("process.id").getAsLong()).isEqualTo(gateway.pid());

        Path journalFile = dir.resolve("data/deploy/journal.jsonl");
        Await.within(Duration.ofSeconds(40), () -> lastRecordOfJob(Files.readString(journalFile), 9),
                last -> last != null && !last.contains("\"result\":\"IN_PROGRESS\""));
        String journal = Files.readString(journalFile);
        assertThat(lastRecordOfJob(journal, 9)).as("job 9 closed in the journal:\n" + journal)
                .isNotNull().doesNotContain("\"result\":\"IN_PROGRESS\"");
        assertThat(cloud.installedVersion(NAME)).isEqualTo("2.0.0");
        assertThat(cloud.get("bundles").toString()).as("journal:\n" + journal + "\nlog:\n"
                + Files.readString(dir.resolve("data/logs/cabinetgw.log")))
                .contains("\"name\":\"" + NAME + "\",\"version\":\"2.0.0\"");
        counter.awaitSeq(counter.highest() + 5, "2.0.0", 30_000);
        assertThat(counter.missing()).as("telemetry numbers missing across the power cut").isEmpty();
    }

    /**
     * Remote commands: a requester not in command.requesters is refused; the package carrying the command
     * channel (the uplink) is not uninstalled without dp.force; a shipped capability uninstalled shows on
     * /health as gone. Last: it leaves the gateway without its failover capability.
     */
    @Test
    @Order(10)
    void onlyAllowedRequestersAreServedTheUplinkStaysAndAGoneCapabilityShowsOnHealth() throws Exception {
        try (DeployCloud intruder = new DeployCloud(broker.port, PREFIX, GATEWAY, "intruder")) {
            int mark = intruder.mark();
            intruder.request("GET/packages", "i1", "");
            JsonObject r = intruder.reply(mark, "i1");
            assertThat(r.get("response.code").getAsInt()).as(r.toString()).isEqualTo(403);
        }

        int mark = cloud.mark();
        cloud.request("EXEC/uninstall", "u1", "\"dp.name\": \"org.cabinetgw.feature.uplink\", \"job.id\": 100");
        JsonObject refused = cloud.reply(mark, "u1");
        assertThat(refused.get("response.code").getAsInt()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.toString()).contains("org.cabinetgw.uplink").contains("command channel").contains("dp.force");
        assertThat(cloud.installedVersion("org.cabinetgw.feature.uplink")).as("still installed, still answering").isNotNull();

        mark = cloud.mark();
        cloud.request("EXEC/uninstall", "u2", "\"dp.name\": \"org.cabinetgw.feature.failover\", \"job.id\": 101");
        JsonObject accepted = cloud.reply(mark, "u2");
        assertThat(accepted.get("response.code").getAsInt()).as(accepted.toString()).isEqualTo(200);
        cloud.await(mark, PREFIX + "/" + GATEWAY + "/DEPLOY-V2/NOTIFY/" + cloud.id + "/uninstall",
                o -> "COMPLETED".equals(o.get("dp.uninstall.status").getAsString()), 30_000);
        String health = gateway.awaitHealthWhere(b -> b.contains("capability gone"), "the agent naming the capability gone").body();
        assertThat(health).contains("\"deploy.agent\":{\"status\":\"DEGRADED\"").contains("org.cabinetgw.feature.failover");
    }

    private static String lastRecordOfJob(String journal, long job) {
        String last = null;
        for (String line : journal.split("\n")) {
            if (line.contains("\"job.id\":" + job + ",")) {
                last = line;
            }
        }
        return last;
    }

    // ------------------------------------------------------------------ helpers

    private JsonObject deploy(String path, String version, String sha256, long jobId) throws Exception {
        try {
            return cloud.deploy(packages.url(path), NAME, version, sha256, jobId);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + gateway.output(), e);
        }
    }

    private JsonObject framework() throws Exception {
        return cloud.get("bundles").getAsJsonObject("framework");
    }

    private void assertNoRestartAndNoLoss() throws Exception {
        assertThat(framework()).as("same process, same framework instance: no restart").isEqualTo(frameworkAtStart);
        assertThat(counter.missing()).as("telemetry numbers missing at the independent subscriber").isEmpty();
    }

    static byte[] fixture(String which) throws Exception {
        return Files.readAllBytes(FIXTURES.resolve("org.cabinetgw.dp.fixture." + which + ".dp"));
    }

    /**
     * The package as built, its signature files removed and signed again with a key of its own
     * (generated here by keytool, signed by jarsigner): well-formed and validly signed, by a stranger.
     * {@code forge}: the stranger (CN=Attacker) puts the build's public certificate, the one the gateway
     * trusts, after its own in the chain it signs with: the attack of issue 21.
     */
    static byte[] signedByAStranger(byte[] dp, Path dir, boolean forge) throws Exception {
        Files.createDirectories(dir);
        Path keys = dir.resolve("stranger.p12");
        HttpsPackageServer.keytool("-genkeypair", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "stranger",
                "-alias", "stranger", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname",
                forge ? "CN=Attacker" : "CN=Not the build's key");
        Path file = dir.resolve("stranger.dp");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dp)); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                String n = e.getName();
                if (n.startsWith("META-INF/") && n.matches("META-INF/[^/]+\\.(SF|EC|RSA|DSA)")) {
                    continue;
                }
                zip.putNextEntry(new ZipEntry(n));
                in.transferTo(zip);
                zip.closeEntry();
            }
        }
        Files.write(file, out.toByteArray());
        if (!forge) {
            HttpsPackageServer.jdkTool("jarsigner", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "stranger",
                    "-digestalg", "SHA-256", file.toString(), "stranger");
            return Files.readAllBytes(file);
        }
        // A key store refuses a chain whose names do not follow; the JDK's JarSigner API, like an attacker's own
        // tool, signs with whatever chain it is given: the attacker's certificate, then the build's.
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys)) {
            ks.load(in, "stranger".toCharArray());
        }
        java.security.KeyStore build = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(System.getProperty("dp.keystore")))) {
            build.load(in, System.getProperty("dp.storepass").toCharArray());
        }
        java.security.cert.CertPath chain = java.security.cert.CertificateFactory.getInstance("X.509").generateCertPath(
                List.of(ks.getCertificate("stranger"), build.getCertificate(System.getProperty("dp.alias"))));
        jdk.security.jarsigner.JarSigner signer = new jdk.security.jarsigner.JarSigner.Builder(
                (java.security.PrivateKey) ks.getKey("stranger", "stranger".toCharArray()), chain).digestAlgorithm("SHA-256").build();
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        try (java.util.zip.ZipFile unsigned = new java.util.zip.ZipFile(file.toFile())) {
            signer.sign(unsigned, signed);
        }
        return signed.toByteArray();
    }
}
