package org.cabinetgw.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deployment packages as a deployment test handles them: the hash a DEPLOY-V2 request announces, and a package
 * tampered with after signing. The one copy of the runtime's {@code RemoteDeploymentIT} and the fault campaign's
 * bad packages.
 */
public final class DeploymentPackages {

    private DeploymentPackages() {
    }

    /** The SHA-256 of {@code bytes} in lower-case hex (what {@code dp.download.hash} announces after "SHA256:"). */
    public static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * The package with one byte of each bundle ({@code .jar} entry) changed, its other entries and its signature
     * files unchanged: well-formed, but its signature no longer matches.
     */
    public static byte[] tampered(byte[] dp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(dp));
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
}
