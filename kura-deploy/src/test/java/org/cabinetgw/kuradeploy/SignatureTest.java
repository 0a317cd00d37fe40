package org.cabinetgw.kuradeploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package is signed by the build's key, and a change to any bundle in it breaks the signature. */
class SignatureTest {

    @Test
    void everyBundleIsSignedByTheTrustedKey() throws Exception {
        List<Certificate> trusted = trusted();
        Path file = Path.of(System.getProperty("dp.file"));
        int bundles = 0;
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(file), true)) {
            for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                jar.transferTo(OutputStream.nullOutputStream()); // signers are known once the entry is read
                if (e.getName().startsWith("bundles/")) {
                    bundles++;
                    assertThat(e.getCodeSigners()).as("%s is signed", e.getName()).isNotNull().isNotEmpty();
                    Certificate signer = e.getCodeSigners()[0].getSignerCertPath().getCertificates().get(0);
                    assertThat(trusted).as("%s is signed by the build's key", e.getName()).contains(signer);
                }
            }
        }
        assertThat(bundles).isPositive();
    }

    @Test
    void aChangedBundleBreaksTheSignature(@TempDir Path tmp) throws Exception {
        Path original = Path.of(System.getProperty("dp.file"));
        Path tampered = tmp.resolve("tampered.dp");
        // Rewrite the package with one byte of its first bundle flipped, everything else identical.
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(original));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
            boolean flipped = false;
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                byte[] bytes = in.readAllBytes();
                if (!flipped && e.getName().startsWith("bundles/")) {
                    bytes[bytes.length / 2] ^= 0x01;
                    flipped = true;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
            assertThat(flipped).isTrue();
        }
        assertThatThrownBy(() -> {
            try (JarInputStream jar = new JarInputStream(Files.newInputStream(tampered), true)) {
                for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                    jar.transferTo(OutputStream.nullOutputStream());
                }
            }
        }).isInstanceOf(SecurityException.class).hasMessageContaining("digest");
    }

    private static List<Certificate> trusted() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("dp.truststore")))) {
            ks.load(in, System.getProperty("dp.storepass").toCharArray());
        }
        List<Certificate> certs = new ArrayList<>();
        for (String alias : Collections.list(ks.aliases())) {
            certs.add(ks.getCertificate(alias));
        }
        assertThat(certs).isNotEmpty();
        return certs;
    }
}
