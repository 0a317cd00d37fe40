package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPath;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * Checks a downloaded deployment package before anything is installed: it is a deployment package,
 * it is the one that was asked for, and every resource in it is signed, by one and the same signer, whose
 * certificate chain is trusted (see {@link SignerTrust}); every other signer on it must be trusted too.
 * Only if configured may it carry no signature at all. A broken signature is always refused.
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

    private final SignerTrust trust;
    private final boolean allowUnsigned;

    PackageVerifier(Set<Certificate> trusted, boolean allowUnsigned) {
        this(trusted, allowUnsigned, Clock.systemUTC());
    }

    /** {@code clock}: the time certificates' validity is judged at (see {@link SignerTrust}). */
    PackageVerifier(Set<Certificate> trusted, boolean allowUnsigned, Clock clock) {
        this.trust = new SignerTrust(trusted, clock);
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
        // The signers that signed every signed entry so far: one of them must have signed them all.
        Set<X509Certificate> common = null;
        Map<CertPath, X509Certificate> checked = new HashMap<>();
        boolean unsigned = false;
        try (JarInputStream jar = new JarInputStream(Files.newInputStream(file), true)) {
            manifest = jar.getManifest();
            if (manifest == null) {
                throw new RefusedException("not a deployment package: no manifest at its start");
            }
            for (JarEntry e; (e = jar.getNextJarEntry()) != null;) {
                // the verifier checks an entry's digest only once all its bytes were read
                jar.transferTo(OutputStream.nullOutputStream());
                // only the signature files themselves are exempt (the manifest is not an entry here): any other
                // file, under META-INF/ or not, is part of what Deployment Admin is given and must be signed
                if (e.isDirectory() || SignatureStripper.isSignatureFile(e.getName())) {
                    continue;
                }
                CodeSigner[] signers = e.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsigned = true;
                    continue;
                }
                Set<X509Certificate> entrySigners = new HashSet<>();
                for (CodeSigner s : signers) {
                    entrySigners.add(trustedSigner(e.getName(), s, checked));
                }
                if (common == null) {
                    common = entrySigners;
                } else {
                    common.retainAll(entrySigners);
                    if (common.isEmpty()) {
                        throw new RefusedException(e.getName() + " is not signed by the signer of the package's other parts");
                    }
                }
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
        String signer = common == null ? null
                : common.stream().map(c -> c.getSubjectX500Principal().getName()).sorted().findFirst().orElseThrow();
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

    /**
     * The signing certificate of {@code signer} when its chain is trusted (see {@link SignerTrust}). Every
     * signer of an entry must be trusted, not one of them: a package signed by a trusted and by an untrusted
     * key is refused. No build of ours signs with a key the gateway does not trust, so a second, unknown
     * signature is not a legitimate case to support; and accepting it would hand the unknown signer's files
     * (its own .SF and block, and anything it alone covers) to the install on the strength of another key's
     * signature. The safe answer is the one that needs no argument about which signer covers what.
     */
    private X509Certificate trustedSigner(String entry, CodeSigner signer, Map<CertPath, X509Certificate> checked)
            throws RefusedException {
        X509Certificate known = checked.get(signer.getSignerCertPath());
        if (known != null) {
            return known;
        }
        try {
            X509Certificate leaf = trust.check(signer.getSignerCertPath());
            checked.put(signer.getSignerCertPath(), leaf);
            return leaf;
        } catch (SignerTrust.UntrustedException e) {
            throw new RefusedException(entry + " is signed by " + subject(signer) + ", which is not in the trust store "
                    + "and not validly issued by a certificate in it (" + e.getMessage() + ")");
        }
    }

    private static String subject(CodeSigner signer) {
        List<? extends Certificate> certs = signer.getSignerCertPath().getCertificates();
        return !certs.isEmpty() && certs.get(0) instanceof X509Certificate x ? x.getSubjectX500Principal().getName()
                : "a certificate that is not X.509";
    }

    static boolean sameVersion(String a, String b) {
        return org.osgi.framework.Version.parseVersion(a).equals(org.osgi.framework.Version.parseVersion(b));
    }
}
