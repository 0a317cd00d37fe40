package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.cabinetgw.testing.TestPki;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTPS server on loopback holding deployment packages, with a certificate made for it by the
 * tests' PKI ({@link TestPki}: openssl, EC P-256, SAN 127.0.0.1, signed by a CA of its own). The gateway trusts it through a trust store of its own
 * ({@link #trustStore()}), passed to the gateway's JVM as javax.net.ssl.trustStore: the agent downloads
 * with the JVM's default trust.
 */
final class HttpsPackageServer implements AutoCloseable {

    private static final String PASS = TestPki.STORE_PASSWORD;

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-https"));
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Path trustStore;

    HttpsPackageServer(Path dir) throws Exception {
        Files.createDirectories(dir);
        // the tests' one PKI (bundles/testing): a CA the gateway's JVM trusts, and this server's certificate from it
        TestPki pki = new TestPki(dir);
        Path ca = pki.newCa("ca", "Package server test CA");
        Path keyStore = pki.keyStore(pki.serverCert(ca, "server", "subjectAltName=IP:127.0.0.1"), ca, "server.p12");
        trustStore = pki.trustStore(ca, "server-trust.p12");

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = files.get(exchange.getRequestURI().getPath());
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** JVM options that make the gateway trust this server (and nothing else: no public CA is needed here). */
    List<String> gatewayJvmOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + PASS);
    }

    void put(String path, byte[] content) {
        files.put(path, content);
    }

    String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        jdkTool("keytool", args);
    }

    /** Runs one of the JDK's tools (keytool, jarsigner) to completion; fails with its output. */
    static void jdkTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", tool).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(tool + " " + args[0] + " failed: " + out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
