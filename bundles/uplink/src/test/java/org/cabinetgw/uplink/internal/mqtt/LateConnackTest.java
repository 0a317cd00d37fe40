package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.uplink.itest.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CONNACK that comes after the transport gave up waiting for it. Found by the fault campaign ("broker and HTTP
 * both unreachable", 3 min, seed 42): the broker's address was blackholed while an attempt was under way; its
 * CONNACK arrived after the heal, seconds after the transport's own wait had timed out. Paho has no deadline for a
 * CONNACK, so it took it and was connected while the transport believed it was not: every later attempt failed
 * with "Client is connected" (100+ attempts in 7 minutes), MQTT never came back and the uplink stayed on the HTTP
 * fallback until the gateway was restarted. Here the broker (a real Mosquitto) is reached through a relay that
 * holds back the first connection's answers longer than the transport waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LateConnackTest {

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aConnackLaterThanTheConnectTimeoutDoesNotLeaveTheTransportDisconnectedForGood() throws Exception {
        Mosquitto broker = new Mosquitto(Files.createDirectories(dir.resolve("broker"))).start();
        closing.add(broker);
        // the transport waits connect.timeout + 1 s = 2 s; the first connection's answers come after 4 s
        SlowFirstAnswerRelay relay = new SlowFirstAnswerRelay(broker.port(), 4000);
        closing.add(relay);
        MqttSettings s = MqttSettings.of("tcp://127.0.0.1:" + relay.port(), "late-connack-" + System.nanoTime(), "t");
        s = new MqttSettings(s.serverUri(), s.clientId(), "", "", s.topicPrefix(), 1, 10, 30, 1, 100, 500, s.tls());
        MqttTransport transport = new MqttTransport(s);
        closing.add(transport::close);
        transport.start();

        ConnectInProgressCloseTest.waitFor(() -> relay.connections() >= 1, 10_000);
        ConnectInProgressCloseTest.waitFor(transport::ready, 20_000);

        assertThat(transport.ready()).as("connected after the held-back CONNACK; state: %s; relay: %d connections, "
                + "upstream failures %s; broker log:%n%s", transport.describeState(), relay.connections(),
                relay.upstreamFailures(), Files.readString(dir.resolve("broker").resolve("broker.log"))).isTrue();
        assertThat(transport.describeState()).startsWith("connected");
    }

    /**
     * Relays TCP to the broker; what the broker sends on the first connection is held back for {@code delayMillis}
     * (a CONNACK lost in a blackhole and retransmitted after the heal), later connections are relayed at once.
     */
    private static final class SlowFirstAnswerRelay implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger connections = new AtomicInteger();
        private final List<String> upstreamFailures = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        SlowFirstAnswerRelay(int brokerPort, long delayMillis) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    Socket client;
                    try {
                        client = server.accept();
                    } catch (IOException e) {
                        return; // closed
                    }
                    sockets.add(client);
                    try {
                        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                        sockets.add(upstream);
                        long delay = connections.incrementAndGet() == 1 ? delayMillis : 0;
                        pump(client.getInputStream(), upstream.getOutputStream(), 0);
                        pump(upstream.getInputStream(), client.getOutputStream(), delay);
                    } catch (IOException e) {
                        // this connection is refused (closed at once, as a broker that is away would), the relay
                        // goes on: a relay that stopped accepting left every later attempt unanswered
                        upstreamFailures.add(e.toString());
                        closeQuietly(client);
                    }
                }
            }, "late-connack-relay");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void pump(InputStream in, OutputStream out, long delayMillis) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[8192];
                try {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    for (int n; (n = in.read(buffer)) >= 0;) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // one side closed: the relay of this connection ends
                }
                try {
                    // closing the socket's stream closes the socket: the other direction of this connection ends too
                    out.close();
                } catch (IOException e) {
                    // closed already
                }
            }, "late-connack-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // closed already
            }
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> upstreamFailures() {
            return upstreamFailures;
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            acceptor.join(5000);
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
