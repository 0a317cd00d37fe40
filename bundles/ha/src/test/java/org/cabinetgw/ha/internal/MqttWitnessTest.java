package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cabinetgw.ha.Role;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness against a real Mosquitto: the promises {@link BrokerModel} stands in for in the engine tests. */
class MqttWitnessTest {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    Path dir;

    private Process broker;
    private int port;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final LongSupplierClock clock = new LongSupplierClock();

    static final class LongSupplierClock implements java.util.function.LongSupplier {
        @Override
        public long getAsLong() {
            return System.nanoTime() / 1_000_000;
        }
    }

    @BeforeEach
    void startBroker() throws Exception {
        assumeTrue(Files.isExecutable(MOSQUITTO), "mosquitto is not installed");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        startBrokerProcess();
    }

    private void startBrokerProcess() throws Exception {
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + user);
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker.log").toFile()).start();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen");
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        if (broker != null) {
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private MqttWitness witness(String node) throws Exception {
        MqttWitness w = new MqttWitness("tcp://127.0.0.1:" + port, "test/ha", "cabinet-7", node, "", null, 1, clock,
                scheduler);
        w.start();
        return w;
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theActivesLeaseReachesTheStandbyAndItsDeathToo() throws Exception {
        MqttWitness a = witness("gw-a");
        MqttWitness b = witness("gw-b");
        await(() -> a.reachable() && b.reachable(), "both connected");
        long before = clock.getAsLong();
        a.announce(Role.ACTIVE, 3);
        await(() -> b.peerLease() != null && b.peerLease().state().equals(PeerLease.ACTIVE), "the lease at b");
        assertThat(b.peerLease().epoch()).isEqualTo(3);
        await(() -> a.lastAcknowledged() >= before, "the broker's acknowledgement");
        assertThat(a.peerLease().state()).as("b's own announcement on connect").isEqualTo(PeerLease.STANDBY);
        assertThat(b.describe()).contains("peer lease active, epoch 3");

        // a dies without a word: the broker publishes its will at once (the socket closed)
        long dropped = clock.getAsLong();
        a.dropForTest();
        await(() -> b.peerLease().state().equals(PeerLease.RELEASED), "the last will");
        assertThat(clock.getAsLong() - dropped).as("ms from the socket closed to the will at the standby").isLessThan(1000);
        a.close();
        b.close();
    }

    @Test
    void aNewcomerSeesTheRetainedLease() throws Exception {
        MqttWitness a = witness("gw-a");
        await(a::reachable, "a connected");
        a.announce(Role.ACTIVE, 5);
        await(() -> a.lastAcknowledged() >= 0, "acknowledged");
        MqttWitness b = witness("gw-b");
        await(b::reachable, "b connected");
        assertThat(b.peerLease()).isNotNull();
        assertThat(b.peerLease().epoch()).isEqualTo(5);
        a.close();
        await(() -> b.peerLease().state().equals(PeerLease.RELEASED), "a clean stop releases");
        b.close();
    }

    @Test
    void anUnreachableBrokerIsReportedAndTheWitnessComesBackWithIt() throws Exception {
        MqttWitness b = witness("gw-b");
        await(b::reachable, "connected");
        broker.destroyForcibly();
        broker.waitFor(10, TimeUnit.SECONDS);
        await(() -> !b.reachable(), "unreachable");
        assertThat(b.describe()).contains("not connected");
        startBrokerProcess();
        await(b::reachable, "reconnected");
        b.close();
    }

    @Test
    void garbageOnALeaseTopicIsIgnored() throws Exception {
        MqttWitness b = witness("gw-b");
        await(b::reachable, "connected");
        try (MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "intruder", new MemoryPersistence())) {
            c.connect();
            for (String junk : new String[] {"{", "[]", "{\"state\":\"active\"}", "{\"state\":\"boss\",\"epoch\":9}",
                    "{\"state\":\"active\",\"epoch\":-4}", "x".repeat(5000)}) {
                c.publish("test/ha/cabinet-7/lease/gw-x", new MqttMessage(junk.getBytes()));
            }
            c.publish("test/ha/cabinet-7/lease/gw-y", new MqttMessage("{\"state\":\"standby\",\"epoch\":1}".getBytes()));
            await(() -> b.peerLease() != null, "the valid lease");
            assertThat(b.peerLease().state()).isEqualTo(PeerLease.STANDBY);
            c.disconnect();
        }
        b.close();
    }
}
