package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;

/**
 * Two real nodes on loopback: UDP sockets on two paths each, the real clock, and a real Mosquitto as the witness
 * (its URI given). Used by {@link LoopbackPairTest} and the benchmark {@link DetectionBenchmark}.
 */
final class LoopbackPair implements AutoCloseable {

    final PairSettings a;
    final PairSettings b;
    private final Path dir;
    private final String brokerUri;
    PairRuntime nodeA;
    PairRuntime nodeB;
    /** System.nanoTime() of each node's last PEER_LOST event (the peer declared dead); 0 before. */
    final java.util.Map<String, Long> peerLostAt = new java.util.concurrent.ConcurrentHashMap<>();

    LoopbackPair(Path dir, String brokerUri) throws IOException {
        this.dir = dir;
        this.brokerUri = brokerUri;
        int[] p = {free(), free(), free(), free()};
        a = settings("gw-a", p[0], p[1], p[2], p[3]);
        b = settings("gw-b", p[1], p[0], p[3], p[2]);
    }

    private static int free() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static PairSettings settings(String node, int lanLocal, int lanPeer, int cableLocal, int cablePeer) {
        List<PathSpec> paths = List.of(
                new PathSpec("lan", new InetSocketAddress("127.0.0.1", lanLocal), new InetSocketAddress("127.0.0.1", lanPeer)),
                new PathSpec("cable", new InetSocketAddress("127.0.0.1", cableLocal),
                        new InetSocketAddress("127.0.0.1", cablePeer)));
        return new PairSettings(node, "cabinet-lo", 100, paths, TwoNodes.KEY, 20, 80, 500, false, 10_000,
                StandbyWhenIsolated.STAY_STANDBY, ActiveWhenIsolated.STEP_DOWN, 1000, 250, 3000);
    }

    PairRuntime start(PairSettings s) throws IOException {
        PairRuntime r = new PairRuntime(s, dir.resolve(s.nodeId()), (scheduler, incarnation) -> {
            try {
                return new MqttWitness(brokerUri, "test/ha", s.pairId(), s.nodeId(), incarnation, "", null, 1,
                        PairRuntime.MONOTONIC, scheduler);
            } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                throw new IllegalStateException(e);
            }
        }, (topic, props) -> {
            if (topic.equals(org.cabinetgw.ha.HaEvents.PEER_LOST)) {
                peerLostAt.put(s.nodeId(), System.nanoTime());
            }
        });
        r.start(s.intervalMs());
        if (s == a) {
            nodeA = r;
        } else {
            nodeB = r;
        }
        return r;
    }

    /** Waits until exactly one node is ACTIVE and the other STANDBY; returns the active one. */
    PairRuntime awaitSteady(long maxMs) throws InterruptedException {
        long end = System.nanoTime() + maxMs * 1_000_000;
        while (System.nanoTime() < end) {
            Role ra = nodeA.engine.role();
            Role rb = nodeB.engine.role();
            if (ra == Role.ACTIVE && rb == Role.STANDBY && nodeA.witness.lastAcknowledged() >= 0
                    && nodeB.witness.reachable()) {
                return nodeA;
            }
            if (rb == Role.ACTIVE && ra == Role.STANDBY && nodeB.witness.lastAcknowledged() >= 0
                    && nodeA.witness.reachable()) {
                return nodeB;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no steady pair: a " + nodeA.engine.status() + ", b " + nodeB.engine.status());
    }

    /** kill -9 of a node: silent at once, its broker connection dropped without a word (the will). */
    static void kill(PairRuntime r) throws Exception {
        r.silence();
        ((MqttWitness) r.witness).dropForTest();
    }

    @Override
    public void close() {
        for (PairRuntime r : new PairRuntime[] {nodeA, nodeB}) {
            if (r != null) {
                r.close();
            }
        }
    }
}
