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
 * packages (compared with the build's signing key store), installed in {@code <data>/etc} at every start
 * (a changed or stale copy is replaced), and named to the framework by property.
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
}
