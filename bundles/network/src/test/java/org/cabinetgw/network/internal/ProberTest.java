package org.cabinetgw.network.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Probes against real servers on loopback, including servers that misbehave. */
class ProberTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final Prober prober = new Prober(204);
    private ServerSocket server;
    private Thread acceptor;
    private DatagramSocket udp;

    @AfterEach
    void close() throws IOException, InterruptedException {
        if (server != null) {
            closeServer();
        }
        if (udp != null) {
            udp.close();
        }
    }

    /** A TCP server that hands every connection to {@code handler} on its own thread. */
    private int serve(Consumer<Socket> handler) throws IOException {
        server = new ServerSocket(0, 50, LOOPBACK);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    new Thread(() -> {
                        try (c) {
                            handler.accept(c);
                        } catch (IOException e) {
                            // client left
                        }
                    }).start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** Closes the server and waits for its accepting thread: the JDK releases the port only once it left accept(). */
    private void closeServer() throws IOException, InterruptedException {
        server.close();
        acceptor.join(5000);
    }

    private static void reply(Socket c, String response) {
        try {
            InputStream in = c.getInputStream();
            int state = 0;
            int b;
            while (state < 4 && (b = in.read()) != -1) {
                state = (b == '\r' || b == '\n') ? state + 1 : 0;
            }
            c.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // ignore
        }
    }

    private ProbeResult probe(String target) {
        return prober.probe(ProbeTarget.parse("t", target), LOOPBACK, 500);
    }

    @Test
    void tcpAnsweredAndRefused() throws Exception {
        int port = serve(c -> { });
        ProbeResult ok = probe("tcp://127.0.0.1:" + port);
        assertThat(ok.ok()).isTrue();
        assertThat(ok.latencyMillis()).isBetween(0L, 500L);
        closeServer();
        ProbeResult refused = probe("tcp://127.0.0.1:" + port);
        assertThat(refused.ok()).isFalse();
        assertThat(refused.error()).containsIgnoringCase("refused");
    }

    @Test
    void httpExpectedStatusWrongStatusAndGarbage() throws IOException {
        AtomicReference<String> response = new AtomicReference<>("HTTP/1.1 204 No Content\r\n\r\n");
        int port = serve(c -> reply(c, response.get()));
        assertThat(probe("http://127.0.0.1:" + port + "/generate_204").ok()).isTrue();
        response.set("HTTP/1.1 302 Found\r\nLocation: http://captive.portal/\r\n\r\n");
        assertThat(probe("http://127.0.0.1:" + port + "/").error()).isEqualTo("HTTP status 302, expected 204");
        response.set("SSH-2.0-OpenSSH_9.2\r\n");
        assertThat(probe("http://127.0.0.1:" + port + "/").error()).startsWith("not an HTTP response: 'SSH-2.0");
        response.set("HTTP/1.1 " + "9".repeat(10_000));
        assertThat(probe("http://127.0.0.1:" + port + "/").error()).isEqualTo("HTTP status line too long");
    }

    @Test
    void httpsWithAnUntrustedCertificateFails(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a self-signed certificate, as a captive portal or a man in the middle would present
        java.nio.file.Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "s", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "1",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = tls.getServerSocketFactory().createServerSocket(0, 50, LOOPBACK);
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                    reply(c, "HTTP/1.1 204 No Content\r\n\r\n");
                } catch (IOException e) {
                    // handshake refused by the client: expected
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        ProbeResult r = prober.probe(ProbeTarget.parse("t", "https://127.0.0.1:" + server.getLocalPort() + "/"), LOOPBACK, 2000);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).containsIgnoringCase("certification path");
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws IOException {
        int port = serve(c -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        ProbeResult r = probe("http://127.0.0.1:" + port + "/");
        long took = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("no answer within 500 ms");
        assertThat(took).isBetween(400L, 1500L);
    }

    @Test
    void dnsAnsweredIgnoresForgedIdsAndTimesOut() throws IOException {
        udp = new DatagramSocket(0, LOOPBACK);
        int port = udp.getLocalPort();
        Thread responder = new Thread(() -> {
            byte[] buf = new byte[512];
            while (!udp.isClosed()) {
                try {
                    DatagramPacket q = new DatagramPacket(buf, buf.length);
                    udp.receive(q);
                    byte[] forged = java.util.Arrays.copyOf(q.getData(), q.getLength());
                    forged[0] ^= 0x55; // a wrong id first: must be ignored
                    forged[2] |= (byte) 0x80;
                    udp.send(new DatagramPacket(forged, forged.length, q.getSocketAddress()));
                    byte[] answer = java.util.Arrays.copyOf(q.getData(), q.getLength());
                    answer[2] |= (byte) 0x80;
                    answer[3] = 3; // NXDOMAIN still proves the path works
                    udp.send(new DatagramPacket(answer, answer.length, q.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        responder.setDaemon(true);
        responder.start();
        assertThat(probe("dns://127.0.0.1:" + port + "/example.org").ok()).isTrue();
        udp.close();
        try {
            responder.join(5000); // the port is released once the responder left receive()
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProbeResult r = probe("dns://127.0.0.1:" + port + "/example.org");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void dnsQueryIsWellFormed() {
        byte[] q = DnsQuery.build(0x1234, "a.bc");
        assertThat(q).startsWith(0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 1, 'a', 2, 'b', 'c', 0, 0, 1, 0, 1);
        assertThat(DnsQuery.isAnswerTo(0x1234, q, q.length)).isFalse(); // a query is not an answer
        assertThat(DnsQuery.isAnswerTo(0x1234, new byte[3], 3)).isFalse();
    }

    @Test
    void unresolvableHostFailsWithTheReason() {
        // tests resolve through src/test/resources/hosts only (see the pom): no DNS query leaves the machine
        ProbeResult r = probe("tcp://no-such-host.invalid:80");
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).isEqualTo("cannot resolve no-such-host.invalid");
    }

    @Test
    void aSourceAddressNotOnThisHostFails() {
        ProbeResult r = prober.probe(ProbeTarget.parse("t", "tcp://127.0.0.1:9"), new InetSocketAddress("192.0.2.77", 0).getAddress(), 200);
        assertThat(r.ok()).isFalse();
        assertThat(r.error()).containsIgnoringCase("assign");
    }
}
