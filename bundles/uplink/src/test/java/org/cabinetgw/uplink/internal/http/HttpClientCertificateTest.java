package org.cabinetgw.uplink.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.cabinetgw.testing.TestPki;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.cabinetgw.uplink.internal.transport.TlsSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP transport's client certificate against a real HTTPS server (the JDK's) that requires one
 * signed by its CA. Certificates are made with openssl, as for the MQTT TLS test. The gateway's
 * certificate is accepted and the batch delivered; no certificate, or one from another CA, is refused
 * in the handshake, the batch is retried (not dead-lettered: it is a configuration problem, not a
 * verdict on the data) and the transport's state says why in words. The JDK's server refuses by closing
 * the connection without a TLS alert (other servers send one: see {@code TlsAlertsTest} and the MQTT
 * test against Mosquitto), so the words here are those of {@link TlsProbe}'s diagnosis.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpClientCertificateTest {

    private static final String PW = TestPki.STORE_PASSWORD;

    @TempDir
    Path dir;

    private TestPki pki;
    private Path ca;
    private Path trust;
    private CloudHttpServer cloud;
    private HttpTransport transport;

    @BeforeEach
    void server() throws Exception {
        Assumptions.assumeTrue(TestPki.installed(), "openssl is not installed: apt-get install -y openssl");
        pki = new TestPki(dir);
        ca = pki.newCa("ca", "Cabinet Test CA");
        trust = pki.trustStore(ca, "trust.p12");
        Path serverStore = pki.keyStore(pki.serverCert(ca, "server", "subjectAltName=IP:127.0.0.1"), ca, "server.p12");
        // the server's own certificate, and the CA its clients' certificates must come from
        SSLContext serverTls = new TlsSettings(trust.toString(), PW, serverStore.toString(), PW, true).sslContext();
        cloud = new CloudHttpServer(serverTls, true);
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        cloud.close();
    }

    private String sendOne(TlsSettings tls, String id) throws Exception {
        return sendTo(cloud.uri(), tls, id);
    }

    /** What the transport reported for one batch: "delivered", "failed: reason" or "rejected: ...". */
    private String sendTo(java.net.URI endpoint, TlsSettings tls, String id) throws Exception {
        transport = new HttpTransport(new HttpSettings(endpoint, "", 10, 5_000, 5_000, tls));
        return OneMessage.send(transport, id);
    }

    @Test
    void theGatewaysCertificateIsAcceptedAndTheBatchDelivered() throws Exception {
        Path gateway = pki.keyStore(pki.clientCert(ca, "gateway-1"), ca, "gateway.p12");
        String outcome = sendOne(new TlsSettings(trust.toString(), PW, gateway.toString(), PW, true), "with-cert");
        assertThat(outcome).isEqualTo("delivered");
        assertThat(cloud.acceptedIds()).containsOnlyKeys("with-cert");
    }

    @Test
    void withoutAClientCertificateTheHandshakeIsRefusedAndTheStateSaysWhy() throws Exception {
        String outcome = sendOne(new TlsSettings(trust.toString(), PW, "", "", true), "no-cert");
        assertThat(outcome).startsWith("failed: ")
                .containsAnyOf("the server requires a client certificate: configure tls.key.store",
                        "a client certificate missing or refused", TlsProbe.CLOSED_AFTER_HANDSHAKE);
        assertThat(transport.describeState()).startsWith("request failed").doesNotContain("\tat ");
        assertThat(cloud.acceptedIds()).isEmpty();
        assertThat(cloud.requests()).as("no request got past the handshake").isEmpty();
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Path rogue = pki.newCa("rogue", "Somebody Else's CA");
        Path impostor = pki.keyStore(pki.clientCert(rogue, "impostor"), rogue, "impostor.p12");
        String outcome = sendOne(new TlsSettings(trust.toString(), PW, impostor.toString(), PW, true), "rogue-cert");
        assertThat(outcome).startsWith("failed: ")
                .containsAnyOf("the server does not trust the CA that issued our client certificate (tls.key.store)",
                        "the server refused our client certificate (tls.key.store)", TlsProbe.CLOSED_AFTER_HANDSHAKE);
        assertThat(cloud.requests()).isEmpty();
    }

    // ---- the same against openssl's s_server, which (like nginx or Apache) refuses with a TLS alert

    /** {@code openssl s_server} on a free loopback port, requiring a client certificate signed by {@code ca}. */
    private Process opensslServer(int port) throws Exception {
        Path serverCrt = dir.resolve("server.crt");
        Process p = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert",
                serverCrt.toString(), "-key", TestPki.key(serverCrt).toString(), "-CAfile", ca.toString(), "-Verify",
                "1", "-verify_return_error", "-www", "-quiet").redirectErrorStream(true)
                .redirectOutput(dir.resolve("s_server.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (java.io.IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("openssl s_server exited: " + java.nio.file.Files.readString(dir.resolve("s_server.log")));
                }
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("openssl s_server did not listen on " + port);
    }

    /** {@link #sendTo} another server than the test's own HTTPS endpoint, which is closed first. */
    private String sendOneTo(java.net.URI endpoint, TlsSettings tls) throws Exception {
        cloud.close();
        return sendTo(endpoint, tls, "x");
    }

    @Test
    void anAlertFromTheServerIsExplainedInWords() throws Exception {
        int port = org.cabinetgw.uplink.itest.Mosquitto.freePort();
        Process server = opensslServer(port);
        try {
            java.net.URI endpoint = java.net.URI.create("https://127.0.0.1:" + port + "/ingest");
            String none = sendOneTo(endpoint, new TlsSettings(trust.toString(), PW, "", "", true));
            assertThat(none).startsWith("failed: ").contains("certificate_required")
                    .endsWith("the server requires a client certificate: configure tls.key.store");
            Path rogue = pki.newCa("rogue", "Somebody Else's CA");
            Path impostor = pki.keyStore(pki.clientCert(rogue, "impostor"), rogue, "impostor.p12");
            transport.close();
            String wrong = sendOneTo(endpoint, new TlsSettings(trust.toString(), PW, impostor.toString(), PW, true));
            assertThat(wrong).startsWith("failed: ")
                    .as("the JDK offers no certificate the server's CA list excludes: the server gets none")
                    .endsWith("the server requires a client certificate from a CA it trusts; the one in tls.key.store "
                            + "is not (so none was offered)");
        } finally {
            server.destroy();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
