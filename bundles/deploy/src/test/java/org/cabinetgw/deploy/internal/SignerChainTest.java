package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whose signature makes a package trusted: the attacks on the chain a signer presents. The packages are
 * the build's fixture v1 with its signature taken off and signed again here, by keys and certificates
 * keytool made: a small CA (root, intermediate, leaf), an attacker, expired and not-yet-valid leaves.
 */
class SignerChainTest {

    private static final String NAME = "org.cabinetgw.deploy.fixture";

    @TempDir
    static Path dir;
    private static Path unsigned;
    private static X509Certificate buildCertificate;
    private static SigningPki ca;
    private static SigningPki attacker;
    private static X509Certificate root;

    @BeforeAll
    static void pki() throws Exception {
        Path v1 = Path.of(System.getProperty("cabinetgw.test.fixtures"), "org.cabinetgw.dp.fixture.v1.dp");
        unsigned = SigningPki.unsigned(v1, dir.resolve("unsigned.dp"));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(System.getProperty("cabinetgw.test.truststore")))) {
            trust.load(in, "cabinetgw-test".toCharArray());
        }
        buildCertificate = (X509Certificate) trust.getCertificate(trust.aliases().nextElement());

        ca = new SigningPki(dir, "ca");
        ca.key("root", "CN=Test Root", true)
                .key("inter", "CN=Test Intermediate", true).issue("root", "inter", true, null, 3000)
                .key("leaf", "CN=Test Leaf", false).issue("inter", "leaf", false, null, 1000)
                .key("expired", "CN=Expired Leaf", false).issue("inter", "expired", false, "-400d", 30)
                .key("future", "CN=Future Leaf", false).issue("inter", "future", false, "+30d", 30)
                // made after the leaf's chain was stored: the same name as the real intermediate, another key
                .key("inter2", "CN=Test Intermediate", true).issue("root", "inter2", true, null, 3000)
                .key("pinned", "CN=Pinned Self-Signed Leaf", false);
        root = ca.certificate("root");

        // The attacker's own keys, one named exactly as the build's certificate: its leaf's issuer name then
        // matches the trusted certificate appended to its chain, so only a signature check tells them apart.
        attacker = new SigningPki(dir, "attacker");
        attacker.key("self", "CN=Attacker", false)
                .key("fakeca", buildCertificate.getSubjectX500Principal().getName(), true)
                .key("leaf", "CN=Attacker Leaf", false).issue("fakeca", "leaf", false, null, 1000);
    }

    private static Path signed(SigningPki pki, String alias, List<X509Certificate> chain, String file) throws Exception {
        return pki.sign(unsigned, dir.resolve(file), alias, chain, alias.toUpperCase());
    }

    private static PackageVerifier trusting(Certificate... certificates) {
        return new PackageVerifier(Set.of(certificates), false);
    }

    @Test
    void theIssuesForgedPackageAttackersLeafWithTheTrustedCertificateAppendedIsRefused() throws Exception {
        Path forged = signed(attacker, "self", List.of(attacker.certificate("self"), buildCertificate), "forged.dp");
        assertThatThrownBy(() -> trusting(buildCertificate).verify(forged, NAME, "1.0.0"))
                .isInstanceOf(PackageVerifier.RefusedException.class)
                .hasMessageContaining("CN=Attacker")
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void aForgedChainWhoseIssuerNameMatchesTheTrustedCertificateIsRefused() throws Exception {
        Path forged = signed(attacker, "leaf", List.of(attacker.chain("leaf").get(0), buildCertificate), "forged2.dp");
        assertThatThrownBy(() -> trusting(buildCertificate).verify(forged, NAME, "1.0.0"))
                .hasMessageContaining("CN=Attacker Leaf")
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void aLeafIssuedThroughAnIntermediateOfATrustedRootIsAcceptedWithOrWithoutTheRootInItsChain() throws Exception {
        List<X509Certificate> full = ca.chain("leaf");
        assertThat(full).hasSize(3);
        assertThat(trusting(root).verify(signed(ca, "leaf", full, "good.dp"), NAME, "1.0.0").signer()).isEqualTo("CN=Test Leaf");
        assertThat(trusting(root).verify(signed(ca, "leaf", full.subList(0, 2), "good2.dp"), NAME, "1.0.0").signer())
                .isEqualTo("CN=Test Leaf");
    }

    @Test
    void aChainWithTheWrongIntermediateIsRefused() throws Exception {
        List<X509Certificate> wrong = List.of(ca.chain("leaf").get(0), ca.certificate("inter2"), root);
        Path p = signed(ca, "leaf", wrong, "wrong-intermediate.dp");
        assertThatThrownBy(() -> trusting(root).verify(p, NAME, "1.0.0")).hasMessageContaining("not in the trust store");
        // nor does trusting the intermediate the chain names help
        assertThatThrownBy(() -> trusting(ca.certificate("inter2")).verify(p, NAME, "1.0.0"))
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path p = signed(ca, "expired", ca.chain("expired"), "expired.dp");
        assertThatThrownBy(() -> trusting(root).verify(p, NAME, "1.0.0")).hasMessageContaining("expired");
    }

    @Test
    void aCertificateNotYetValidIsRefused() throws Exception {
        Path p = signed(ca, "future", ca.chain("future"), "future.dp");
        assertThatThrownBy(() -> trusting(root).verify(p, NAME, "1.0.0")).hasMessageContaining("not yet valid");
    }

    @Test
    void aPinnedSelfSignedLeafIsAcceptedAndNothingElseSignedByItsName() throws Exception {
        X509Certificate pinned = ca.certificate("pinned");
        assertThat(trusting(pinned).verify(signed(ca, "pinned", List.of(pinned), "pinned.dp"), NAME, "1.0.0").signer())
                .isEqualTo("CN=Pinned Self-Signed Leaf");
        // the pinned certificate does not vouch for the CA's leaf
        assertThatThrownBy(() -> trusting(pinned).verify(signed(ca, "leaf", ca.chain("leaf"), "other.dp"), NAME, "1.0.0"))
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void aPackageSignedByATrustedAndAnUntrustedSignerIsRefusedWhicheverSignedFirst() throws Exception {
        Path trustedFirst = signed(ca, "leaf", ca.chain("leaf"), "t1.dp");
        Path both = attacker.sign(trustedFirst, dir.resolve("both1.dp"), "self", List.of(attacker.certificate("self")), "OTHER");
        assertThatThrownBy(() -> trusting(root).verify(both, NAME, "1.0.0"))
                .hasMessageContaining("CN=Attacker")
                .hasMessageContaining("not in the trust store");

        Path untrustedFirst = signed(attacker, "self", List.of(attacker.certificate("self")), "u1.dp");
        Path both2 = ca.sign(untrustedFirst, dir.resolve("both2.dp"), "leaf", ca.chain("leaf"), "LEAF");
        assertThatThrownBy(() -> trusting(root).verify(both2, NAME, "1.0.0"))
                .hasMessageContaining("CN=Attacker")
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void aPackageSignedTwiceByTrustedSignersIsAccepted() throws Exception {
        Path first = signed(ca, "leaf", ca.chain("leaf"), "a.dp");
        X509Certificate pinned = ca.certificate("pinned");
        Path both = ca.sign(first, dir.resolve("ab.dp"), "pinned", List.of(pinned), "PINNED");
        assertThat(trusting(root, pinned).verify(both, NAME, "1.0.0").signer()).isIn("CN=Test Leaf", "CN=Pinned Self-Signed Leaf");
    }
}
