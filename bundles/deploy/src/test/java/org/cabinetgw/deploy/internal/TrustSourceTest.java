package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where trust comes from: the configured store wins, else the runtime's shipped certificate file,
 * else nothing. Against the build's real signing certificate and the fixture package it signed.
 */
class TrustSourceTest {

    private static Path trustStore;
    private static Certificate buildCertificate;
    private static Path v1;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        trustStore = Path.of(System.getProperty("cabinetgw.test.truststore"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trustStore)) {
            ks.load(in, "cabinetgw-test".toCharArray());
        }
        buildCertificate = ks.getCertificate(ks.aliases().nextElement());
        v1 = Path.of(System.getProperty("cabinetgw.test.fixtures"), "org.cabinetgw.dp.fixture.v1.dp");
    }

    private Path pem(Certificate c) throws Exception {
        String text = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(dir.resolve("signer.crt"), text);
    }

    @Test
    void theShippedCertificateIsTrustedWhenNoStoreIsConfiguredAndVerifiesTheBuildsPackages() throws Exception {
        TrustSource t = TrustSource.resolve(Configs.settings(Map.of()), pem(buildCertificate).toString());
        assertThat(t.problem()).isNull();
        assertThat(t.certificates()).containsExactly(buildCertificate);
        assertThat(t.origin()).contains("signer.crt");
        assertThat(new PackageVerifier(t.certificates(), false).verify(v1, "org.cabinetgw.deploy.fixture", "1.0.0").signer())
                .contains("Cabinet Gateway DEVELOPMENT signing key");
    }

    @Test
    void aDerFileWorksToo() throws Exception {
        Path der = Files.write(dir.resolve("signer.der"), buildCertificate.getEncoded());
        assertThat(TrustSource.resolve(Configs.settings(Map.of()), der.toString()).certificates()).containsExactly(buildCertificate);
    }

    @Test
    void theConfiguredStoreWinsOverTheShippedFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "not a certificate");
        TrustSource t = TrustSource.resolve(Configs.settings(Map.of("trust_store", trustStore.toString(),
                "trust_store_password", "cabinetgw-test")), garbage.toString());
        assertThat(t.problem()).isNull();
        assertThat(t.certificates()).containsExactly(buildCertificate);
        assertThat(t.origin()).startsWith("trust.store ");
    }

    @Test
    void aConfiguredStoreWithTheWrongPasswordRefusesTheConfigurationNamingTheAttribute() {
        assertThatThrownBy(() -> TrustSource.resolve(Configs.settings(Map.of("trust_store", trustStore.toString(),
                "trust_store_password", "wrong")), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("trust.store = " + trustStore);
    }

    @Test
    void nothingConfiguredAndNothingShippedTrustsNothingWithoutAProblem() {
        for (String none : new String[] { null, "", "   " }) {
            TrustSource t = TrustSource.resolve(Configs.settings(Map.of()), none);
            assertThat(t.certificates()).isEmpty();
            assertThat(t.problem()).isNull();
        }
    }

    @Test
    void aShippedFileThatIsMissingGarbageEmptyOrHugeIsAProblemAndTrustsNothing() throws Exception {
        Path missing = dir.resolve("missing.crt");
        Path garbage = Files.writeString(dir.resolve("garbage.crt"), "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n");
        Path empty = Files.write(dir.resolve("empty.crt"), new byte[0]);
        Path huge = Files.write(dir.resolve("huge.crt"), new byte[2 * 1024 * 1024]);
        for (Path p : new Path[] { missing, garbage, empty, huge }) {
            TrustSource t = TrustSource.resolve(Configs.settings(Map.of()), p.toString());
            assertThat(t.certificates()).as(p.toString()).isEmpty();
            assertThat(t.problem()).as(p.toString()).contains(p.toString());
        }
    }

    @Test
    void aCertificateOfAnotherKeyDoesNotVerifyTheBuildsPackages() throws Exception {
        // another self-signed certificate: the JDK's own trust anchors are as good as any stranger
        KeyStore cacerts = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib/security/cacerts"))) {
            cacerts.load(in, null);
        }
        Certificate stranger = cacerts.getCertificate(cacerts.aliases().nextElement());
        TrustSource t = TrustSource.resolve(Configs.settings(Map.of()), pem(stranger).toString());
        assertThat(t.certificates()).containsExactly(stranger);
        assertThatThrownBy(() -> new PackageVerifier(Set.copyOf(t.certificates()), false)
                .verify(v1, "org.cabinetgw.deploy.fixture", "1.0.0")).hasMessageContaining("not in the trust store");
    }
}
