package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate the jar ships for the deploy agent: the one of the key that signs this build's
 * packages (compared with the build's signing key store and with the signature of every package the jar
 * ships), installed in {@code <data>/etc} at every start (a changed or stale copy is replaced), and named
 * to the framework by property. The build refuses to embed a package another key signed (SeedSplit).
 */
class DeploySignerTest {

    @TempDir
    Path dir;

    @Test
    void theShippedCertificateIsTheBuildsSigningCertificateAndOnlyACertificate() throws Exception {
        java.util.List<Certificate> shipped;
        try (InputStream in = DataDirectory.class.getResourceAsStream("deploy-signer.crt")) {
            assertThat(in).as("deploy-signer.crt in the jar (exported by the build)").isNotNull();
            byte[] bytes = in.readAllBytes();
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII)).startsWith("-----BEGIN CERTIFICATE-----")
                    .doesNotContain("PRIVATE KEY");
            shipped = java.util.List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(new java.io.ByteArrayInputStream(bytes)));
        }
        KeyStore signing = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("dp.keystore")))) {
            signing.load(in, System.getProperty("dp.storepass").toCharArray());
        }
        assertThat(shipped).containsExactly(signing.getCertificate(System.getProperty("dp.alias")));
    }

    @Test
    void everyStartInstallsItAndReplacesAChangedCopyAndTheFrameworkIsTold() throws Exception {
        DataDirectory data = DataDirectory.prepare(dir);
        byte[] original = Files.readAllBytes(data.deploySigner());
        Files.writeString(data.deploySigner(), "stale certificate of an older build");

        DataDirectory again = DataDirectory.prepare(dir);
        assertThat(Files.readAllBytes(again.deploySigner())).isEqualTo(original);
        assertThat(Main.frameworkProperties(Options.parse(new String[0], java.util.Map.of()), again,
                ConsoleCredentials.load(again.consoleCredentials(), "admin", null)))
                .containsEntry("cabinetgw.deploy.trust.certificates", again.deploySigner().toString());
    }

    @Test
    void theShippedCertificateAloneSignedEveryShippedPackageAndEveryFixture() throws Exception {
        Certificate shipped = shippedCertificates().get(0);
        String list = Files.readString(Path.of(System.getProperty("cabinetgw.seed.packages"))).strip();
        java.util.List<Path> packages = new java.util.ArrayList<>();
        for (String p : list.split(java.io.File.pathSeparator)) {
            packages.add(Path.of(p));
        }
        assertThat(packages).as("the seed packages the jar ships").isNotEmpty()
                .allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".dp"));
        try (var fixtures = Files.list(Path.of(System.getProperty("cabinetgw.fixtures")))) {
            fixtures.filter(p -> p.toString().endsWith(".dp")).forEach(packages::add);
        }
        for (Path dp : packages) {
            assertThat(signers(dp)).as("who signed %s", dp).containsExactly(shipped);
        }
    }

    @Test
    void theBuildRefusesToShipAPackageAnotherKeySignedAndShipsTheOnesItsKeySigned() throws Exception {
        Path list = Path.of(System.getProperty("cabinetgw.seed.packages"));
        Path first = Path.of(Files.readString(list).strip().split(java.io.File.pathSeparator)[0]);
        Path stranger = Files.write(dir.resolve("stranger.dp"),
                RemoteDeploymentIT.signedByAStranger(Files.readAllBytes(first), dir.resolve("keys"), false));

        SeedSplitRun refused = seedSplit(stranger.toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.output).contains("[ERROR] SeedSplit: " + stranger + " is signed by [CN=Not the build's key]")
                .contains("Build the packages with this build's key").doesNotContain("Exception");
        assertThat(dir.resolve("seeds").resolve("seeds.list")).doesNotExist();

        SeedSplitRun shipped = seedSplit("@" + list);
        assertThat(shipped.exit).as(shipped.output).isZero();
        assertThat(dir.resolve("seeds").resolve("seeds.list")).exists();
    }

    private record SeedSplitRun(int exit, String output) {
    }

    /** runtime/tools/SeedSplit.java as the build runs it, into this test's directory. */
    private SeedSplitRun seedSplit(String packages) throws Exception {
        Path module = GatewayProcess.MODULE;
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                module.resolve("tools/SeedSplit.java").toString(), "--signer",
                module.resolve("target/classes/org/cabinetgw/runtime/deploy-signer.crt").toString(),
                module.resolve("target/export/gateway").toString(), dir.resolve("bundles").toString(),
                dir.resolve("seeds").toString(), packages).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        return new SeedSplitRun(p.exitValue(), output);
    }

    private static java.util.List<Certificate> shippedCertificates() throws Exception {
        try (InputStream in = DataDirectory.class.getResourceAsStream("deploy-signer.crt")) {
            return java.util.List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }

    /** The certificates that signed the package's entries (read through, as the JDK verifies them). */
    private static java.util.Set<Certificate> signers(Path dp) throws Exception {
        java.util.Set<Certificate> signers = new java.util.HashSet<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dp.toFile(), true)) {
            for (var e : java.util.Collections.list(jar.entries())) {
                if (e.isDirectory() || e.getName().startsWith("META-INF/")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(e)) {
                    in.readAllBytes();
                }
                assertThat(e.getCodeSigners()).as("%s in %s is signed", e.getName(), dp).isNotNull();
                for (var signer : e.getCodeSigners()) {
                    signers.add(signer.getSignerCertPath().getCertificates().get(0));
                }
            }
        }
        return signers;
    }
}
