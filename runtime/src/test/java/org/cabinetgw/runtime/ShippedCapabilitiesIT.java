package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.DeploymentPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The capabilities the gateway ships with are deployment packages like any other: the real jar installs
 * them as seed packages at its first start, the cloud updates one of them (storage) over MQTT without a
 * restart, and a restart keeps the newer version instead of going back to the one in the jar. Also: a
 * cache made by a jar that installed every bundle itself (the layout before seed packages) migrates.
 * Real parts only: the jar as a child process, Mosquitto, an HTTPS package server, jarsigner with the
 * build's key (the package at a higher version is the shipped one with its version rewritten and signed
 * again: the bundles are the same).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShippedCapabilitiesIT {

    static final String STORAGE = "org.cabinetgw.feature.storage";
    static final String UPLINK = "org.cabinetgw.feature.uplink";
    static final String UPDATED = "0.1.1"; // above the shipped 0.1.0.SNAPSHOT (OSGi: 0.1.0.SNAPSHOT < 0.1.1)
    static final Set<String> SHIPPED = Set.of(STORAGE, UPLINK, "org.cabinetgw.feature.network",
            "org.cabinetgw.feature.power", "org.cabinetgw.feature.failover", "org.cabinetgw.feature.ha", "org.cabinetgw.feature.dashboard");

    private Path dir;
    private TestBroker broker;
    private HttpsPackageServer packages;
    private GatewayProcess gateway;
    private DeployCloud cloud;
    private byte[] storageUpdate;
    private byte[] uplinkUpdate;
    private String uuidAtStart;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(TestBroker.available(), "mosquitto is not installed (apt-get install mosquitto)");
        dir = Files.createTempDirectory("shipped-capabilities-it");
        broker = TestBroker.start(dir.resolve("broker"));
        packages = new HttpsPackageServer(dir.resolve("https"));
        storageUpdate = withVersion(Files.readAllBytes(RemoteDeploymentIT.FIXTURES.resolve("org.cabinetgw.dp.storage.dp")),
                UPDATED, dir.resolve("resign"));
        packages.put("/storage.dp", storageUpdate);
        uplinkUpdate = withVersion(Files.readAllBytes(RemoteDeploymentIT.FIXTURES.resolve("org.cabinetgw.dp.uplink.dp")),
                UPDATED, dir.resolve("resign-uplink"));
        packages.put("/uplink.dp", uplinkUpdate);
        gateway = RemoteDeploymentIT.startGateway(dir, broker, packages, 100);
        cloud = new DeployCloud(broker.port, RemoteDeploymentIT.PREFIX, RemoteDeploymentIT.GATEWAY, "seed-cloud");
        // the uplink is itself a seed package: its being UP means the seeds got that far
        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"") && b.contains("\"deploy.agent\":{\"status\":\"UP\""),
                "the uplink connected and the deploy agent UP");
        cloud.awaitGateway(30_000);
    }

    @AfterAll
    void stop() throws Exception {
        RemoteDeploymentIT.closeAndDelete(dir, cloud, gateway, packages, broker);
    }

    @Test
    @Order(1)
    void aFreshGatewayInstallsItsCapabilitiesAsPackages() throws Exception {
        awaitPackages(SHIPPED, 30_000);
        for (String name : SHIPPED) {
            assertThat(cloud.installedVersion(name)).as(name).isEqualTo("0.1.0.SNAPSHOT");
        }
        String journal = Files.readString(gateway.data.resolve("deploy/journal.jsonl"));
        for (String name : SHIPPED) {
            assertThat(journal).as("journal").containsPattern(
                    "\"action\":\"seed\",\"requester\":\"seed\".*\"package\":\"" + Pattern.quote(name) + "\".*\"signer\":\"[^\"]+\".*\"result\":\"INSTALLED\"");
        }
        // what the launcher installs itself no longer includes a capability's bundle
        String embedded = Files.readString(gateway.data.resolve("etc/embedded-bundles.properties"));
        assertThat(embedded).contains("org.cabinetgw.core").contains("org.cabinetgw.deploy")
                .doesNotContain("org.cabinetgw.storage").doesNotContain("org.cabinetgw.uplink").doesNotContain("org.cabinetgw.failover");
        uuidAtStart = framework().get("uuid").getAsString();
        // the dashboard names the packages as Deployment Admin lists them, and the package behind each bundle
        JsonObject software = com.google.gson.JsonParser.parseString(gateway.awaitConsole("/cabinet/api/snapshot",
                "admin", gateway.printedPassword()).body()).getAsJsonObject().getAsJsonObject("software");
        assertThat(software.get("packages").toString()).as("dashboard packages")
                .contains("\"name\":\"org.cabinetgw.feature.power\"").contains("\"org.cabinetgw.power\"");
        assertThat(software.get("bundles").toString()).as("dashboard bundles")
                .contains("\"name\":\"org.cabinetgw.power\"").contains("\"package\":\"org.cabinetgw.feature.power\"");
        // its deployment journal reaches back before the dashboard ran: the seed that installed the dashboard itself
        assertThat(software.get("journalSource").getAsString()).isEqualTo("journal");
        assertThat(software.get("journal").toString()).as("dashboard journal").containsPattern(
                "\"result\":\"INSTALLED\",\"action\":\"seed\",\"package\":\"org.cabinetgw.feature.dashboard\",\"version\":\"[^\"]*\",\"previousVersion\":\"\",\"requester\":\"seed\"");
    }

    @Test
    @Order(2)
    void theCloudUpdatesAShippedCapabilityWithoutARestart() throws Exception {
        JsonObject end = cloud.deploy(packages.url("/storage.dp"), STORAGE, UPDATED, DeploymentPackages.sha256(storageUpdate), 501);
        assertThat(end.get("dp.install.status").getAsString()).as(end + "\n" + gateway.output()).isEqualTo("COMPLETED");
        assertThat(cloud.installedVersion(STORAGE)).isEqualTo(UPDATED);
        JsonObject fw = framework();
        assertThat(fw.get("uuid").getAsString()).as("the same framework: no restart").isEqualTo(uuidAtStart);
        assertThat(fw.get("process.id").getAsLong()).isEqualTo(gateway.pid());
        gateway.awaitHealthWhere(b -> b.contains("\"storage.fs.root\":{\"status\":\"UP\""), "storage UP after its update");
        assertThat(cloud.get("bundles").toString()).contains("\"name\":\"org.cabinetgw.storage\"");
        // the dashboard's journal has the update, newest first, from the version before
        JsonObject newest = com.google.gson.JsonParser.parseString(gateway.awaitConsole("/cabinet/api/snapshot", "admin",
                gateway.printedPassword()).body()).getAsJsonObject().getAsJsonObject("software").getAsJsonArray("journal")
                .get(0).getAsJsonObject();
        assertThat(newest.get("package").getAsString()).as(newest.toString()).isEqualTo(STORAGE);
        assertThat(newest.get("result").getAsString()).as(newest.toString()).isEqualTo("INSTALLED");
        assertThat(newest.get("version").getAsString()).isEqualTo(UPDATED);
        assertThat(newest.get("previousVersion").getAsString()).isEqualTo("0.1.0.SNAPSHOT");
    }

    @Test
    @Order(3)
    void aRestartKeepsTheNewerVersionInsteadOfTheShippedOne() throws Exception {
        long seedsBefore = seedRecords();
        assertThat(gateway.stop()).as("stopped cleanly").isTrue();
        gateway = RemoteDeploymentIT.startGateway(dir, broker, packages, 100);
        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\"") && b.contains("\"storage.fs.root\":{\"status\":\"UP\""),
                "the uplink and storage up again");
        cloud.awaitGateway(30_000);
        assertThat(framework().get("uuid").getAsString()).as("a restart is seen as one").isNotEqualTo(uuidAtStart);
        assertThat(cloud.installedVersion(STORAGE)).as("the remote update survives the seed").isEqualTo(UPDATED);
        for (String name : SHIPPED) {
            if (!name.equals(STORAGE)) {
                assertThat(cloud.installedVersion(name)).as(name).isEqualTo("0.1.0.SNAPSHOT");
            }
        }
        Thread.sleep(1000); // a seed job would have begun by now: the agent starts them at activation
        assertThat(seedRecords()).as("nothing installed again at the restart").isEqualTo(seedsBefore);
    }

    /**
     * A data directory made by a jar whose launcher installed every bundle itself (the capabilities at
     * cabinetgw:embedded: locations, as before seed packages) is taken over by this jar: the launcher
     * uninstalls the capabilities' embedded bundles, the agent installs their packages (none failed), the
     * launcher no longer lists them as embedded, and the failover history under the data directory, when
     * the old run wrote one, is still there.
     */
    @Test
    @Order(4)
    void aCacheOfTheOldLayoutMigrates() throws Exception {
        Path oldJar = oldLayoutJar(dir.resolve("old-layout.jar"));
        Path site = dir.resolve("site.json");
        Path data = dir.resolve("migrating");
        try (GatewayProcess old = GatewayProcess.start(oldJar, java.util.List.of("-Xmx96m"), data, "--config", site.toString())) {
            old.awaitHealthWhere(b -> b.contains("\"storage.fs.root\":{\"status\":\"UP\"") && b.contains("\"failover.cabinet\""),
                    "the old layout running its embedded capabilities");
            assertThat(Files.readString(data.resolve("etc/embedded-bundles.properties"))).contains("org.cabinetgw.storage");
            assertThat(old.stop()).isTrue();
        }
        assertThat(data.resolve("deploy/journal.jsonl")).doesNotExist();
        Path history = data.resolve("failover/history.jsonl");
        boolean hadHistory = Files.exists(history);
        String historyBefore = hadHistory ? Files.readString(history) : null;

        try (GatewayProcess migrated = GatewayProcess.start(GatewayProcess.JAR, java.util.List.of("-Xmx96m"), data,
                "--config", site.toString())) {
            migrated.awaitHealthWhere(b -> b.contains("\"storage.fs.root\":{\"status\":\"UP\"") && b.contains("\"failover.cabinet\"")
                    && b.contains("\"power\"") && b.contains("\"uplink\""), "the capabilities back, from their packages");
            migrated.awaitShippedPackages();
            String journal = Files.readString(data.resolve("deploy/journal.jsonl"));
            for (String name : SHIPPED) {
                assertThat(journal).contains("\"package\":\"" + name + "\"");
            }
            assertThat(journal.split("\"result\":\"INSTALLED\"", -1).length - 1).as("journal:\n" + journal + migrated.output())
                    .isEqualTo(SHIPPED.size());
            assertThat(journal).doesNotContain("FAILED").doesNotContain("ROLLED_BACK");
            String embedded = Files.readString(data.resolve("etc/embedded-bundles.properties"));
            assertThat(embedded).doesNotContain("org.cabinetgw.storage").doesNotContain("org.cabinetgw.failover");
            if (hadHistory) {
                assertThat(Files.readString(history)).as("the failover history survives").startsWith(historyBefore);
            }
            // the migrated uplink runs with the site's configuration (given again, as systemd does at every start)
            migrated.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected with the site's configuration");
        }
    }

    /**
     * An integrator who sets trust.store to another key (for the packages the cloud sends) does not lose the
     * gateway's own capabilities: the shipped packages are checked against the certificate shipped in the same
     * jar as well.
     */
    @Test
    @Order(5)
    void aTrustStoreOfAnotherKeyStillInstallsTheShippedPackages() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("other-key"));
        HttpsPackageServer.keytool("-genkeypair", "-keystore", keys.resolve("key.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "integrator", "-alias", "integrator", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Integrator release key", "-validity", "30");
        HttpsPackageServer.keytool("-exportcert", "-keystore", keys.resolve("key.p12").toString(), "-storetype", "PKCS12",
                "-storepass", "integrator", "-alias", "integrator", "-file", keys.resolve("integrator.crt").toString());
        HttpsPackageServer.keytool("-importcert", "-noprompt", "-keystore", keys.resolve("trust.p12").toString(),
                "-storetype", "PKCS12", "-storepass", "integrator", "-alias", "integrator", "-file",
                keys.resolve("integrator.crt").toString());
        Path site = Files.writeString(dir.resolve("other-trust.json"), """
                {":configurator:resource-version": 1, ":configurator:symbolic-name": "e2e.other.trust",
                 ":configurator:version": "1.0.0",
                 "org.cabinetgw.deploy.agent": {"trust.store": "%s", "trust.store.password": "integrator"}}
                """.formatted(keys.resolve("trust.p12")));
        Path data = dir.resolve("other-trust-data");
        try (GatewayProcess gw = GatewayProcess.start(GatewayProcess.JAR, java.util.List.of("-Xmx96m"), data,
                "--config", site.toString())) {
            String health = gw.awaitShippedPackages().body();
            String journal = Files.readString(data.resolve("deploy/journal.jsonl"));
            assertThat(journal.split("\"result\":\"INSTALLED\"", -1).length - 1).as(journal).isEqualTo(SHIPPED.size());
            assertThat(journal).doesNotContain("FAILED");
            assertThat(health).as("the agent trusts the integrator's store and is UP").contains("\"deploy.agent\":{\"status\":\"UP\"");
            assertThat(Files.readString(data.resolve("logs/cabinetgw.log"))).contains("from trust.store " + keys.resolve("trust.p12"));
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The package that carries the command channel itself: the request arrives over the uplink, Deployment
     * Admin stops and updates the uplink's bundle, and the job's end is reported over the new one. The
     * framework stays, the uplink restarts (it really was swapped) and is UP again with its queue.
     */
    @Test
    @Order(6)
    void theCloudUpdatesTheUplinkOverTheUplinkItself() throws Exception {
        String uuid = framework().get("uuid").getAsString();
        int activations = occurrences(gateway.output(), "Uplink active");
        JsonObject end;
        try {
            end = cloud.deploy(packages.url("/uplink.dp"), UPLINK, UPDATED, DeploymentPackages.sha256(uplinkUpdate), 601);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + gateway.output(), e);
        }
        assertThat(end.get("dp.install.status").getAsString()).as(end + "\n" + gateway.output()).isEqualTo("COMPLETED");
        assertThat(cloud.installedVersion(UPLINK)).isEqualTo(UPDATED);
        assertThat(framework().get("uuid").getAsString()).as("the same framework: no restart").isEqualTo(uuid);
        assertThat(occurrences(gateway.output(), "Uplink active")).as("the uplink was restarted by the update")
                .isGreaterThan(activations);
        gateway.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink UP after its own update");
        assertThat(gateway.output()).as("messages, not stack traces").doesNotContain("\tat ");
    }

    private static int occurrences(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private long seedRecords() throws Exception {
        return Files.readAllLines(gateway.data.resolve("deploy/journal.jsonl")).stream()
                .filter(l -> l.contains("\"requester\":\"seed\"")).count();
    }

    private void awaitPackages(Set<String> names, long millis) throws Exception {
        Set<String> seen = new HashSet<>();
        boolean all = Await.within(Duration.ofMillis(millis), () -> {
            seen.clear();
            for (JsonElement p : cloud.get("packages").getAsJsonArray("packages")) {
                seen.add(p.getAsJsonObject().get("name").getAsString());
            }
            return seen.containsAll(names);
        }, Boolean.TRUE::equals).isPresent();
        if (!all) {
            throw new AssertionError("packages installed: " + seen + ", expected " + names + "\n" + gateway.output());
        }
    }

    private JsonObject framework() throws Exception {
        return cloud.get("bundles").getAsJsonObject("framework");
    }

    /** The package with DeploymentPackage-Version rewritten, signed again by the build's key (jarsigner). */
    static byte[] withVersion(byte[] dp, String version, Path work) throws Exception {
        Files.createDirectories(work);
        Path unsigned = work.resolve("unsigned.dp");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(dp));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] bytes = in.readAllBytes();
                String name = e.getName();
                if (name.startsWith("META-INF/") && name.matches("META-INF/[^/]+\\.(SF|EC|RSA|DSA)")) {
                    continue; // the old signature: jarsigner makes a new one
                }
                if (name.equals("META-INF/MANIFEST.MF")) {
                    String manifest = new String(bytes, StandardCharsets.UTF_8);
                    Matcher m = Pattern.compile("(?m)^DeploymentPackage-Version: .*$").matcher(manifest);
                    assertThat(m.find()).as("the shipped package has a version").isTrue();
                    bytes = m.replaceFirst("DeploymentPackage-Version: " + version).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(name));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        Files.write(unsigned, out.toByteArray());
        HttpsPackageServer.jdkTool("jarsigner", "-keystore", System.getProperty("dp.keystore"), "-storetype", "PKCS12",
                "-storepass", System.getProperty("dp.storepass"), "-digestalg", "SHA-256", unsigned.toString(),
                System.getProperty("dp.alias"));
        return Files.readAllBytes(unsigned);
    }

    /**
     * The jar as it was before seed packages: every bundle gateway.bndrun resolved embedded (the same
     * launcher installs whatever is under bundles/), no seeds.
     */
    static Path oldLayoutJar(Path target) throws Exception {
        Path export = GatewayProcess.MODULE.resolve("target/export/gateway");
        Set<String> present = new HashSet<>();
        try (ZipFile jar = new ZipFile(GatewayProcess.JAR.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e : java.util.Collections.list(jar.entries())) {
                if (e.getName().startsWith("seeds/")) {
                    continue;
                }
                present.add(e.getName());
                out.putNextEntry(new ZipEntry(e.getName()));
                try (var in = jar.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            try (var files = Files.list(export)) {
                for (Path p : files.sorted().toList()) {
                    String name = "bundles/" + p.getFileName();
                    if (!present.contains(name)) {
                        out.putNextEntry(new ZipEntry(name));
                        out.write(Files.readAllBytes(p));
                        out.closeEntry();
                    }
                }
            }
        }
        return target;
    }
}
