package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;

/**
 * A switch that comes while the session is still connecting (TCP up, CONNECT sent over the link that just died, no
 * CONNACK coming back) must not be waited out: the attempt is cut and a new session made at once. The first
 * connection reaches a socket that takes the CONNECT and never answers (the dead link); every later one is passed
 * to a real Mosquitto. Back-off and connect timeout are 10 s, so only the switch explains a session within 3 s.
 * Found with the real jar in namespaces (LinkFollowJarBenchmark): wired's carrier cut while connecting, no session
 * for 20 s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SwitchDuringConnectTest {

    @TempDir
    Path dir;

    @Test
    void aSwitchWhileConnectingCutsTheAttemptAndConnectsAtOnce() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                Subscriber sub = new Subscriber(broker, "cab/sc/#", dir.resolve("sub.txt"));
                DeadFirstConnection gate = new DeadFirstConnection(broker.port())) {
            MqttTransport t = new MqttTransport(MqttSettings.of("tcp://127.0.0.1:" + gate.port(), "sc-" + System.nanoTime(),
                    "cab/sc").withReconnect(10_000, 60_000));
            try {
                t.start();
                Await.until("the first CONNECT swallowed by the dead link", java.time.Duration.ofSeconds(20),
                        () -> gate.swallowed() > 0);
                long at = System.currentTimeMillis();
                new LinkFollower(() -> List.of(t)).switched(new Event(NetworkEvents.SWITCHED, Map.of(NetworkEvents.LINK,
                        "cellular", NetworkEvents.PREVIOUS_LINK, "wired", NetworkEvents.CAUSE, "FAILOVER",
                        NetworkEvents.APPLIED, true)));
                Await.until("a session over the new route", java.time.Duration.ofSeconds(15),
                        () -> Files.readString(dir.resolve("sub.txt"), StandardCharsets.UTF_8).contains("\"online\""));
                long took = System.currentTimeMillis() - at;
                System.out.println("SwitchDuringConnectTest: switch during a connect -> session acknowledged in " + took + " ms");
                assertThat(took).as("the attempt over the dead link cut at the switch, not waited out (10 s)")
                        .isLessThan(3000);
            } finally {
                t.close();
            }
        }
    }

    /** The first connection is taken and read, never answered; later ones are relayed to the broker. */
    static final class DeadFirstConnection implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final AtomicInteger swallowedBytes = new AtomicInteger();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        DeadFirstConnection(int brokerPort) throws IOException {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        open.add(s);
                        if (accepted.getAndIncrement() == 0) {
                            pump(s.getInputStream(), null, swallowedBytes);
                        } else {
                            Socket b = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                            open.add(b);
                            pump(s.getInputStream(), b.getOutputStream(), null);
                            pump(b.getInputStream(), s.getOutputStream(), null);
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "dead-first-connection");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int swallowed() {
            return swallowedBytes.get();
        }

        private static void pump(InputStream in, OutputStream out, AtomicInteger count) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (out != null) {
                            out.write(buf, 0, n);
                            out.flush();
                        } else {
                            count.addAndGet(n);
                        }
                    }
                    if (out != null) {
                        out.close();
                    }
                } catch (IOException e) {
                    // a side closed
                }
            }, "dead-first-connection-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
