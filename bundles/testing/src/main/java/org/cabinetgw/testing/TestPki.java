package org.cabinetgw.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made the way an integrator makes them: with {@code openssl} (EC P-256 keys, CAs, server
 * and client certificates they sign) and PKCS12 stores from {@code keytool} and {@code openssl pkcs12}.
 * Everything lives in one directory; a certificate {@code x.crt} has its key beside it in {@code x.key}.
 * The test PKI of every module's TLS tests (uplink's MQTT and HTTP transports, the runtime's HTTPS package
 * server); a test skips where {@link #installed()} is false.
 */
public final class TestPki {

    public static final String STORE_PASSWORD = "changeit";

    private final Path dir;

    public TestPki(Path dir) {
        this.dir = dir;
    }

    /** Whether openssl is there (Debian's {@code openssl}). */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    /** A self-signed CA (valid two days); returns its certificate. */
    public Path newCa(String name, String commonName) throws Exception {
        Path crt = dir.resolve(name + ".crt");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key(crt).toString(), "-out", crt.toString(), "-days", "2",
                "-subj", "/CN=" + commonName, "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return crt;
    }

    /** A server certificate signed by {@code ca} with the given subjectAltName line; returns its certificate. */
    public Path serverCert(Path ca, String name, String subjectAltName) throws Exception {
        return signed(ca, name, subjectAltName + "\nextendedKeyUsage=serverAuth\n");
    }

    /** A client certificate (extendedKeyUsage clientAuth) signed by {@code ca}; returns its certificate. */
    public Path clientCert(Path ca, String name) throws Exception {
        return signed(ca, name, "extendedKeyUsage=clientAuth\n");
    }

    private Path signed(Path ca, String name, String extensions) throws Exception {
        Path crt = dir.resolve(name + ".crt");
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), extensions);
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                key(crt).toString(), "-out", csr.toString(), "-subj", "/CN=" + name);
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", key(ca).toString(),
                "-CAcreateserial", "-out", crt.toString(), "-days", "2", "-extfile", ext.toString());
        return crt;
    }

    public static Path key(Path crt) {
        return crt.resolveSibling(crt.getFileName().toString().replaceFirst("\\.crt$", ".key"));
    }

    /** A PKCS12 trust store holding the CA certificate. */
    public Path trustStore(Path caCert, String fileName) throws Exception {
        Path store = dir.resolve(fileName);
        if (!Files.exists(store)) {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            run(keytool, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        }
        return store;
    }

    /** A PKCS12 key store with the certificate's key, the certificate and its CA (the chain). */
    public Path keyStore(Path crt, Path caCert, String fileName) throws Exception {
        Path store = dir.resolve(fileName);
        run("openssl", "pkcs12", "-export", "-inkey", key(crt).toString(), "-in", crt.toString(), "-certfile",
                caCert.toString(), "-name", "gateway", "-out", store.toString(), "-passout", "pass:" + STORE_PASSWORD);
        return store;
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
