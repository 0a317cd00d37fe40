package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Set;

/**
 * Where the certificates that may sign packages come from, in this order:
 * <ol>
 * <li>the configured {@code trust.store} (PKCS12): the integrator's choice always wins;</li>
 * <li>else the framework property {@value #SHIPPED_PROPERTY}: a file of X.509 certificates (PEM or DER)
 * the runtime ships — the certificate of the key that signed the packages of the same build, so a fresh
 * gateway accepts those packages out of the box. Certificates only, no password: nothing secret ships;</li>
 * <li>else nothing is trusted.</li>
 * </ol>
 * A configured store that cannot be read refuses the configuration (the integrator asked for it); a
 * shipped file that cannot be read is reported as a problem, and nothing is trusted.
 *
 * @param certificates what is trusted; empty when nothing is
 * @param origin       where they came from, for the log and the health reason
 * @param problem      null, or why the shipped certificates could not be used
 */
record TrustSource(Set<Certificate> certificates, String origin, String problem) {

    static final String SHIPPED_PROPERTY = "cabinetgw.deploy.trust.certificates";

    static TrustSource resolve(AgentSettings settings, String shippedProperty) {
        if (settings.trustStore() != null) {
            Set<Certificate> certs;
            try {
                certs = PackageVerifier.loadTrustStore(settings.trustStore(), settings.trustStorePassword());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("trust.store = " + settings.trustStore()
                        + " cannot be read as PKCS12 with the configured password: " + e.getMessage());
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("trust.store = " + settings.trustStore() + " holds no certificate");
            }
            return new TrustSource(certs, "trust.store " + settings.trustStore(), null);
        }
        String shipped = shippedProperty == null ? "" : shippedProperty.trim();
        if (shipped.isEmpty()) {
            return new TrustSource(Set.of(), "nothing (trust.store is empty)", null);
        }
        Path file = Path.of(shipped);
        try {
            Set<Certificate> certs = loadCertificates(file);
            if (certs.isEmpty()) {
                return new TrustSource(Set.of(), "nothing", "the runtime's certificate file " + file + " holds no certificate");
            }
            return new TrustSource(certs, "the runtime's certificate file " + file, null);
        } catch (IOException | GeneralSecurityException e) {
            return new TrustSource(Set.of(), "nothing", "the runtime's certificate file " + file + " cannot be read: "
                    + e.getMessage());
        }
    }

    /** Every X.509 certificate in a PEM or DER file (several PEM blocks may follow one another). */
    static Set<Certificate> loadCertificates(Path file) throws IOException, GeneralSecurityException {
        if (Files.size(file) > 1024 * 1024) {
            throw new IOException("larger than 1 MiB: not a certificate file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Set.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
    }
}
