package org.cabinetgw.ha.internal;

import org.cabinetgw.testing.LocalMosquitto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    @TempDir
    Path dir;

    private LocalMosquitto broker;
    private int port;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final java.util.function.LongSupplier clock = PairRuntime.MONOTONIC;
    /** Each node's start counter (about the wall clock in ms, as PairRuntime raises it). */
    private static final java.util.Map<String, Long> INCARNATION = java.util.Map.of("gw-a", 1_765_110_000_123L,
            "gw-b", 1_765_110_000_456L);

    @BeforeEach
    void startBroker() throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        broker = new LocalMosquitto(dir).start();
        port = broker.port;
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.shutdownNow();
        if (broker != null) {
            broker.close();
        }
    }

    private MqttWitness witness(String node) throws Exception {
        MqttWitness w = new MqttWitness("tcp://127.0.0.1:" + port, "test/ha", "cabinet-7", node,
                INCARNATION.get(node), "", null, 1, clock, scheduler);
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
        assertThat(b.peerLease().incarnation()).isEqualTo(1_765_110_000_123L);
        await(() -> a.lastAcknowledged() >= before, "the broker's acknowledgement");
        assertThat(a.peerLease().state()).as("b's own announcement on connect").isEqualTo(PeerLease.STANDBY);
        assertThat(b.describe()).contains("peer lease active, epoch 3");

        // a dies without a word: the broker publishes its will at once (the socket closed)
        long dropped = clock.getAsLong();
        a.dropForTest();
        await(() -> b.peerLease().state().equals(PeerLease.RELEASED), "the last will");
        assertThat(clock.getAsLong() - dropped).as("ms from the socket closed to the will at the standby").isLessThan(1000);
        assertThat(b.peerLease().incarnation()).as("the will names the life whose connection died")
                .isEqualTo(1_765_110_000_123L);
        a.close();
        b.close();
    }

    @Test
    void aRenewalSentBeforeTheRetainedLeasesCouldArriveDatesNothing() throws Exception {
        MqttWitness a = witness("gw-a");
        // on (re)connect the witness announces at once, before the retained leases (a higher epoch, after a stall)
        // had time to arrive: acknowledged by the broker, but it must not count as a renewal
        await(a::reachable, "a connected");
        Thread.sleep(300);
        assertThat(a.lastAcknowledged()).as("the announcement made at the connect").isEqualTo(-1);
        long before = clock.getAsLong();
        a.announce(Role.ACTIVE, 2);
        await(() -> a.lastAcknowledged() >= before, "a renewal sent once settled counts");
        a.close();
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
        broker.kill();
        await(() -> !b.reachable(), "unreachable");
        assertThat(b.describe()).contains("not connected");
        broker.start();
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
            assertThat(b.peerLease().incarnation()).as("a node before the incarnation was in the lease")
                    .isEqualTo(PeerLease.UNKNOWN);
            c.disconnect();
        }
        b.close();
    }
}
