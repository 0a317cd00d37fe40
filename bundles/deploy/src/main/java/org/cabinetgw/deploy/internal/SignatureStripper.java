package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Writes a copy of a verified package without its signature files, for Apache Felix Deployment Admin
 * 0.9.6 (the newest on Maven Central): it reads the entry after the manifest as the first resource
 * and stops at the signature files that, by the specification, come right after it ("Expected more
 * bundles in the stream"). The agent has checked the signature against its own trust store before
 * this copy is made; Felix's Deployment Admin does not check signatures at all.
 */
final class SignatureStripper {

    private SignatureStripper() {
    }

    static boolean isSignatureFile(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (!n.startsWith("META-INF/") || n.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA") || n.endsWith(".EC") || n.startsWith("META-INF/SIG-");
    }

    /** Copies {@code signed} to {@code target}, entry order kept, signature files left out. */
    static Path strip(Path signed, Path target) throws IOException {
        try (InputStream raw = Files.newInputStream(signed); ZipInputStream in = new ZipInputStream(raw);
                OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (isSignatureFile(e.getName())) {
                    continue;
                }
                ZipEntry copy = new ZipEntry(e.getName());
                if (e.getLastModifiedTime() != null) {
                    copy.setLastModifiedTime(e.getLastModifiedTime());
                }
                zip.putNextEntry(copy);
                for (int n; (n = in.read(buffer)) > 0;) {
                    zip.write(buffer, 0, n);
                }
                zip.closeEntry();
            }
        }
        return target;
    }
}
