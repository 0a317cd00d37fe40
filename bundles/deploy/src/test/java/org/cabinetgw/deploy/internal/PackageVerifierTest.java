package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the fixture packages the build made and signed (kura-deploy/fixtures), and damaged copies of them. */
class PackageVerifierTest {

    private static Path v1;
    private static Set<Certificate> trusted;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        v1 = Path.of(System.getProperty("cabinetgw.test.fixtures"), "org.cabinetgw.dp.fixture.v1.dp");
        trusted = PackageVerifier.loadTrustStore(Path.of(System.getProperty("cabinetgw.test.truststore")),
                "cabinetgw-test".toCharArray());
    }

    @Test
    void aPackageSignedByTheTrustedKeyIsAccepted() throws Exception {
        PackageVerifier.PackageInfo info = new PackageVerifier(trusted, false).verify(v1, "org.cabinetgw.deploy.fixture", "1.0.0");
        assertThat(info.name()).isEqualTo("org.cabinetgw.deploy.fixture");
        assertThat(info.version()).isEqualTo("1.0.0");
        assertThat(info.bundles()).containsExactly("org.cabinetgw.deploy.fixture");
        assertThat(info.signer()).contains("Cabinet Gateway DEVELOPMENT signing key");
    }

    @Test
    void aPackageSignedByAnotherKeyIsRefused() {
        assertThatThrownBy(() -> new PackageVerifier(Set.of(), false).verify(v1, "org.cabinetgw.deploy.fixture", "1.0.0"))
                .hasMessageContaining("not in the trust store");
    }

    @Test
    void aChangedBundleIsRefusedEvenWhenUnsignedPackagesAreAllowed() throws Exception {
        Path tampered = rewrite(dir.resolve("t.dp"), true, false);
        assertThatThrownBy(() -> new PackageVerifier(trusted, true).verify(tampered, "org.cabinetgw.deploy.fixture", "1.0.0"))
                .hasMessageContaining("signature does not match");
    }

    @Test
    void aDamagedFileIsRefusedAsDamaged() throws Exception {
        byte[] bytes = Files.readAllBytes(v1);
        bytes[bytes.length / 2] ^= 0x01; // inside the compressed bundle: the ZIP checksum catches it first
        Path damaged = Files.write(dir.resolve("d.dp"), bytes);
        assertThatThrownBy(() -> new PackageVerifier(trusted, true).verify(damaged, "org.cabinetgw.deploy.fixture", "1.0.0"))
                .hasMessageStartingWith("the package is damaged");
    }

    @Test
    void anUnsignedPackageIsRefusedUnlessAllowed() throws Exception {
        Path unsigned = rewrite(dir.resolve("u.dp"), false, true);
        assertThatThrownBy(() -> new PackageVerifier(trusted, false).verify(unsigned, "org.cabinetgw.deploy.fixture", "1.0.0"))
                .hasMessage("the package is not signed, and unsigned packages are not allowed");
        assertThat(new PackageVerifier(trusted, true).verify(unsigned, "org.cabinetgw.deploy.fixture", "1.0.0").bundles())
                .containsExactly("org.cabinetgw.deploy.fixture");
    }

    @Test
    void aPackageOtherThanTheOneRequestedIsRefused() {
        assertThatThrownBy(() -> new PackageVerifier(trusted, false).verify(v1, "org.cabinetgw.feature.power", "1.0.0"))
                .hasMessage("the package is org.cabinetgw.deploy.fixture, not the requested org.cabinetgw.feature.power");
        assertThatThrownBy(() -> new PackageVerifier(trusted, false).verify(v1, "org.cabinetgw.deploy.fixture", "2.0.0"))
                .hasMessage("the package has version 1.0.0, not the requested 2.0.0");
        assertThat(PackageVerifier.sameVersion("1.0", "1.0.0")).isTrue();
    }

    @Test
    void garbageIsNotAPackage() throws Exception {
        Path garbage = Files.write(dir.resolve("g.dp"), "this is not a jar".getBytes());
        assertThatThrownBy(() -> new PackageVerifier(trusted, true).verify(garbage, "a", "1.0.0"))
                .hasMessageContaining("not a deployment package");
        Path empty = Files.write(dir.resolve("e.dp"), new byte[0]);
        assertThatThrownBy(() -> new PackageVerifier(trusted, true).verify(empty, "a", "1.0.0"))
                .hasMessageContaining("not a deployment package");
    }

    /** A copy of v1: optionally one bundle byte flipped, optionally without its signature files. */
    private static Path rewrite(Path target, boolean flip, boolean dropSignature) throws Exception {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(v1));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] bytes = in.readAllBytes();
                String n = e.getName();
                if (dropSignature && n.startsWith("META-INF/") && List.of(".SF", ".EC", ".RSA", ".DSA").stream().anyMatch(n::endsWith)) {
                    continue;
                }
                if (flip && n.startsWith("bundles/")) {
                    bytes[bytes.length / 3] ^= 0x10;
                }
                out.putNextEntry(new ZipEntry(n));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return target;
    }
}
