package org.cabinetgw.uplink.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS material for a transport: the trust store that verifies the server (empty: the JVM's default
 * CAs) and an optional key store holding the gateway's client certificate. Both are files (PKCS12 or JKS).
 *
 * @param trustStore         path of the trust store; empty for the JVM's default CAs
 * @param trustStorePassword its password
 * @param keyStore           path of the key store with the client certificate; empty for none
 * @param keyStorePassword   its password (also the key's)
 * @param verifyHostname     check that the server certificate names the host we connect to
 */
public record TlsSettings(String trustStore, String trustStorePassword, String keyStore, String keyStorePassword,
        boolean verifyHostname) {

    /**
     * The one set of TLS settings (CHANGES.md rule 4: {@code tls.trust.store}, {@code tls.trust.store.password},
     * {@code tls.key.store}, {@code tls.key.store.password}, {@code tls.verify.hostname}) as every transport reads
     * them: blanks trimmed, a store that is named must be readable (the refusal names the setting).
     */
    public static TlsSettings of(String trustStore, String trustStorePassword, String keyStore,
            String keyStorePassword, boolean verifyHostname) {
        readable("tls.trust.store", trustStore);
        readable("tls.key.store", keyStore);
        return new TlsSettings(nz(trustStore), nz(trustStorePassword), nz(keyStore), nz(keyStorePassword),
                verifyHostname);
    }

    private static void readable(String setting, String path) {
        if (path != null && !path.isBlank() && !Files.isReadable(Path.of(path.trim()))) {
            throw new IllegalArgumentException(setting + " = " + path + " is not a readable file");
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }

    public static TlsSettings defaults() {
        return new TlsSettings("", "", "", "", true);
    }

    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore.isBlank() ? null : load(trustStore, trustStorePassword));
        KeyManagerFactory kmf = null;
        if (!keyStore.isBlank()) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore, keyStorePassword), keyStorePassword.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(String path, String password) throws IOException, GeneralSecurityException {
        Path file = Path.of(path);
        String type = path.endsWith(".jks") ? "JKS" : "PKCS12";
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }
}
