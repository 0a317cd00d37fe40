package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * Checks a downloaded deployment package before anything is installed: it is a deployment package,
 * it is the one that was asked for, and every resource in it is signed by a trusted certificate
 * (or, only if configured, that it carries no signature at all). A broken signature is always refused.
 */
final class PackageVerifier {

    /** A package that must not be installed; the message says why. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** What the package says about itself. */
    record PackageInfo(String name, String version, List<String> bundles, String signer) {
    }

    private final Set<Certificate> trusted;
    private final boolean allowUnsigned;

    PackageVerifier(Set<Certificate> trusted, boolean allowUnsigned) {
        this.trusted = Set.copyOf(trusted);
        this.allowUnsigned = allowUnsigned;
    }

    static Set<Certificate> loadTrustStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        }
        Set<Certificate> certs = new HashSet<>();
        for (String alias : Collections.list(ks.aliases())) {
            Certificate c = ks.getCertificate(alias);
            if (c != null) {
                certs.add(c);
            }
        }
        return certs;
    }

    PackageInfo verify(Path file, String expectedName, String expectedVersion) throws RefusedException, IOException {
        List<String> bundles = new ArrayList<>();
        Manifest manifest;
        String signer = null;
        boolean unsigned = false;
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(file), true)) {
            manifest = jar.getManifest();
            if (manifest == null) {
                throw new RefusedException("not a deployment package: no manifest at its start");
            }
            for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                // the verifier checks an entry's digest only once all its bytes were read
                jar.transferTo(OutputStream.nullOutputStream());
                if (e.isDirectory() || e.getName().startsWith("META-INF/")) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned = true;
                    continue;
                }
                String trustedBy = trustedSigner(signers);
                if (trustedBy == null) {
                    throw new RefusedException(e.getName() + " is signed by a certificate that is not in the trust store");
                }
                signer = trustedBy;
                if (manifest.getAttributes(e.getName()) != null
                        && manifest.getAttributes(e.getName()).getValue("Bundle-SymbolicName") != null) {
                    bundles.add(manifest.getAttributes(e.getName()).getValue("Bundle-SymbolicName").split(";")[0].trim());
                }
            }
        } catch (SecurityException e) {
            throw new RefusedException("the signature does not match the content: " + e.getMessage());
        } catch (java.util.zip.ZipException e) {
            throw new RefusedException("the package is damaged: " + e.getMessage());
        }
        if (unsigned) {
            if (signer != null) {
                throw new RefusedException("part of the package is signed and part is not");
            }
            if (!allowUnsigned) {
                throw new RefusedException("the package is not signed, and unsigned packages are not allowed");
            }
            signer = "";
            for (var entry : manifest.getEntries().entrySet()) {
                String bsn = entry.getValue().getValue("Bundle-SymbolicName");
                if (bsn != null) {
                    bundles.add(bsn.split(";")[0].trim());
                }
            }
        }
        Attributes head = manifest.getMainAttributes();
        String name = head.getValue("DeploymentPackage-SymbolicName");
        String version = head.getValue("DeploymentPackage-Version");
        if (name == null || version == null) {
            throw new RefusedException("not a deployment package: DeploymentPackage-SymbolicName or -Version missing");
        }
        if (!name.trim().equals(expectedName)) {
            throw new RefusedException("the package is " + name.trim() + ", not the requested " + expectedName);
        }
        if (expectedVersion != null && !sameVersion(version.trim(), expectedVersion)) {
            throw new RefusedException("the package has version " + version.trim() + ", not the requested " + expectedVersion);
        }
        return new PackageInfo(name.trim(), version.trim(), List.copyOf(bundles), signer);
    }

    private String trustedSigner(CodeSigner[] signers) {
        for (CodeSigner s : signers) {
            for (Certificate c : s.getSignerCertPath().getCertificates()) {
                if (trusted.contains(c)) {
                    Certificate leaf = s.getSignerCertPath().getCertificates().get(0);
                    return leaf instanceof java.security.cert.X509Certificate x
                            ? x.getSubjectX500Principal().getName() : leaf.getType();
                }
            }
        }
        return null;
    }

    static boolean sameVersion(String a, String b) {
        return org.osgi.framework.Version.parseVersion(a).equals(org.osgi.framework.Version.parseVersion(b));
    }
}
