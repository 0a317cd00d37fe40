package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Closing the transport while Paho is still connecting: the broker took the TCP connection but never answered
 * (no CONNACK, or no TLS handshake). Paho then sits in CONNECTING with no timeout of its own; its
 * {@code close()} refuses ("connect already in progress") and its threads ("MQTT Con/Rec/Snd/Call: <client id>")
 * and the socket stayed for the process's life — one set per uplink update against a hanging broker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectInProgressCloseTest {

    private final SilentBroker broker = new SilentBroker();

    @AfterEach
    void stop() throws IOException {
        broker.close();
    }

    /** Several times each: the moment of the close relative to Paho's connect thread varies with the load. */
    private static final int ROUNDS = 5;
    private static final java.util.concurrent.atomic.AtomicInteger IDS = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.RepeatedTest(ROUNDS)
    void closeRightAfterTheBrokerAcceptedLeavesNoPahoThreadAndNoSocket() throws Exception {
        closeMidConnect("tcp", false);
    }

    @org.junit.jupiter.api.RepeatedTest(ROUNDS)
    void closeWhileWaitingForTheConnackLeavesNoPahoThreadAndNoSocket() throws Exception {
        closeMidConnect("tcp", true);
    }

    @org.junit.jupiter.api.RepeatedTest(ROUNDS)
    void closeDuringAnUnansweredTlsHandshakeLeavesNoPahoThreadAndNoSocket() throws Exception {
        closeMidConnect("ssl", true);
    }

    /** {@code afterFirstBytes}: close once the broker has received something (CONNECT, or the TLS ClientHello). */
    private void closeMidConnect(String scheme, boolean afterFirstBytes) throws Exception {
        String clientId = "leak-" + scheme + "-" + IDS.incrementAndGet();
        // a long connect timeout: the close must not depend on Paho giving up by itself
        MqttSettings s = MqttSettings.of(scheme + "://127.0.0.1:" + broker.port(), clientId, "t");
        s = new MqttSettings(s.serverUri(), s.clientId(), "", "", s.topicPrefix(), 1, 10, 30, 60, 200, 1000, s.tls());
        MqttTransport transport = new MqttTransport(s);
        transport.start();
        Socket accepted = broker.awaitConnection(10_000);
        assertThat(accepted).as("the transport connected to the silent broker").isNotNull();
        if (afterFirstBytes) {
            accepted.setSoTimeout(10_000);
            assertThat(accepted.getInputStream().read()).as("the client's first byte").isNotNegative();
        } else {
            waitFor(() -> !pahoThreads(clientId).isEmpty(), 10_000);
        }
        assertThat(pahoThreads(clientId)).as("Paho is connecting").isNotEmpty();

        long start = System.nanoTime();
        transport.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        waitFor(() -> pahoThreads(clientId).isEmpty(), 10_000);
        assertThat(pahoThreads(clientId)).as("Paho threads of the closed transport:%n%s", stacks(clientId)).isEmpty();
        assertThat(closedByPeer(accepted, 5_000)).as("the transport's socket is closed").isTrue();
        assertThat(closeMillis).as("close() does not wait for Paho's 60 s connect timeout").isLessThan(10_000);
    }

    /** Paho names its threads "MQTT Con: id", "MQTT Rec: id", "MQTT Snd: id", "MQTT Call: id", "MQTT Ping: id". */
    static List<String> pahoThreads(String clientId) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("MQTT ") && n.endsWith(": " + clientId))
                .toList();
    }

    private static String stacks(String clientId) {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, trace) -> {
            if (t.getName().endsWith(": " + clientId)) {
                b.append(t.getName()).append('\n');
                for (StackTraceElement e : trace) {
                    b.append("    at ").append(e).append('\n');
                }
            }
        });
        return b.toString();
    }

    private static boolean closedByPeer(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the peer: closed as well
        }
    }

    /** Until the condition holds or the time is up (the caller's assertion says what was missing). */
    static void waitFor(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        Await.within(Duration.ofMillis(millis), condition::getAsBoolean, Boolean.TRUE::equals);
    }

    /** Accepts TCP connections and never says a word (a broker hung after accept, a port that is not MQTT). */
    private static final class SilentBroker implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;
        private int handedOut;

        SilentBroker() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-broker");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** The first connection not handed out yet. */
        Socket awaitConnection(long millis) throws InterruptedException {
            waitFor(() -> accepted.size() > handedOut, millis);
            return accepted.size() > handedOut ? accepted.get(handedOut++) : null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
