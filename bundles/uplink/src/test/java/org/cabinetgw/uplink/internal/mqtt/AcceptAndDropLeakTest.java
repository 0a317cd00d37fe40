package org.cabinetgw.uplink.internal.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An address that accepts the TCP connection and drops it at once (a load balancer without a backend, a broker
 * restarting, a port forward to nothing): Paho 1.2.5 leaves a thread behind per failed attempt
 * (eclipse-paho/paho.mqtt.java#850, found by the fault campaign), so a transport retrying for hours grew by a
 * thread per retry. The threads of one transport must stay bounded however many attempts fail, and none may be
 * left when it is closed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AcceptAndDropLeakTest {

    /** Attempts: well past any handful of threads a single attempt may use. */
    private static final int ATTEMPTS = 40;
    /** One attempt's threads (connect, receiver, sender, callback) and a few more of one on its way out. */
    private static final int BOUND = 8;

    @Test
    void threadsStayBoundedOverManyFailedAttemptsAndNoneAreLeftAfterClose() throws Exception {
        try (DroppingListener listener = new DroppingListener()) {
            String clientId = "accept-drop-" + ProcessHandle.current().pid();
            MqttSettings base = MqttSettings.of("tcp://127.0.0.1:" + listener.port(), clientId, "t");
            // backoff 10..50 ms: many attempts in a few seconds
            MqttSettings s = new MqttSettings(base.serverUri(), base.clientId(), "", "", base.topicPrefix(), 1, 10, 30,
                    5, 10, 50, base.tls());
            MqttTransport transport = new MqttTransport(s);
            transport.start();
            try {
                Await.within(Duration.ofSeconds(90), listener.accepted::get, n -> n >= ATTEMPTS);
                assertThat(listener.accepted.get()).as("connect attempts the listener accepted and dropped")
                        .isGreaterThanOrEqualTo(ATTEMPTS);
                assertThat(transport.ready()).isFalse();
                // a failed attempt's threads end shortly after it failed: measured when they have had time to
                int threads = awaitAtMost(() -> ConnectInProgressCloseTest.pahoThreads(clientId).size(), BOUND, 10_000);
                assertThat(threads).as("Paho threads alive after %s failed attempts: %s", listener.accepted.get(),
                        ConnectInProgressCloseTest.pahoThreads(clientId).stream().distinct().toList()).isLessThanOrEqualTo(BOUND);
            } finally {
                transport.close();
            }
            int left = awaitAtMost(() -> ConnectInProgressCloseTest.pahoThreads(clientId).size(), 0, 10_000);
            assertThat(left).as("Paho threads left after close: %s", ConnectInProgressCloseTest.pahoThreads(clientId))
                    .isZero();
        }
    }

    /** Waits until the value is at most {@code bound}, or the time is up; the last value. */
    private static int awaitAtMost(java.util.function.IntSupplier value, int bound, long millis) throws InterruptedException {
        return Await.within(Duration.ofMillis(millis), value::getAsInt, v -> v <= bound).orElseGet(value::getAsInt);
    }

    /** Accepts every TCP connection and closes it at once. */
    private static final class DroppingListener implements AutoCloseable {
        private final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();

        DroppingListener() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "accept-and-drop");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
