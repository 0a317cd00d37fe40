package org.cabinetgw.ha.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.cabinetgw.testing.LocalMosquitto;

/**
 * The set-up of the takeover tests ({@link ReplicatedTakeoverTest}, {@link ConfigTakeoverTest}): a real Mosquitto as
 * the witness, a {@link LoopbackPair} started and steady (one ACTIVE, one STANDBY), and each side's settings for the
 * replication stream. Each node listens for the stream on its own loopback address (the active's 127.0.0.1 or
 * 127.0.0.2, the standby the other), on the same port on both, as in a cabinet. Closing it stops the pair, then the
 * broker; the tests close their {@link QueueReplication}s first.
 */
final class ReplicatedPair implements AutoCloseable {

    final LocalMosquitto broker;
    final LoopbackPair pair;
    /** Synchronous replication on one free port, 5 s for the standby's answer. */
    final ReplicationSettings sync;
    final PairRuntime active;
    final PairRuntime standby;
    /** The first active's own settings: what it is started again with. */
    final PairSettings activeSettings;
    /** The first active's settings with the stream's addresses as its one path (local, peer). */
    final PairSettings activeStream;
    /** The first standby's settings with the stream's addresses as its one path (local, peer). */
    final PairSettings standbyStream;

    private ReplicatedPair(LocalMosquitto broker, LoopbackPair pair, ReplicationSettings sync, PairRuntime active) {
        this.broker = broker;
        this.pair = pair;
        this.sync = sync;
        this.active = active;
        boolean a = active == pair.nodeA;
        this.standby = a ? pair.nodeB : pair.nodeA;
        String activeAddress = a ? "127.0.0.1" : "127.0.0.2";
        String standbyAddress = a ? "127.0.0.2" : "127.0.0.1";
        this.activeSettings = a ? pair.a : pair.b;
        this.activeStream = streamPath(activeSettings, activeAddress, standbyAddress);
        this.standbyStream = streamPath(a ? pair.b : pair.a, standbyAddress, activeAddress);
    }

    /**
     * Starts the broker and both nodes in {@code dir} and waits (20 s at most) until the pair is steady; the test is
     * skipped where mosquitto is not installed.
     */
    static ReplicatedPair steady(Path dir) throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LocalMosquitto broker = new LocalMosquitto(dir.resolve("broker")).start();
        LoopbackPair pair = null;
        try {
            pair = new LoopbackPair(dir, broker.uri());
            pair.start(pair.a);
            pair.start(pair.b);
            PairRuntime active = pair.awaitSteady(20_000);
            return new ReplicatedPair(broker, pair, new ReplicationSettings(port, true, 5_000), active);
        } catch (Exception | Error e) {
            if (pair != null) {
                pair.close();
            }
            broker.close();
            throw e;
        }
    }

    /** The first active's side of the stream (its replica in {@code replicaDir}). */
    QueueReplication onActive(Path replicaDir) throws Exception {
        return new QueueReplication(activeStream, sync, replicaDir, active.incarnation, active.engine);
    }

    /** The first standby's side of the stream (its replica in {@code replicaDir}). */
    QueueReplication onStandby(Path replicaDir) throws Exception {
        return new QueueReplication(standbyStream, sync, replicaDir, standby.incarnation, standby.engine);
    }

    /** The first active, killed and started again as {@code back}: its side of the stream. */
    QueueReplication onReturned(PairRuntime back, Path replicaDir) throws Exception {
        return new QueueReplication(activeStream, sync, replicaDir, back.incarnation, back.engine);
    }

    /** The first active's process started again (after {@link LoopbackPair#kill} and its close). */
    PairRuntime restartActive() throws Exception {
        return pair.start(activeSettings);
    }

    /** The settings with one path whose addresses are the replication's (local, peer), port 1 (not used). */
    private static PairSettings streamPath(PairSettings s, String local, String peer) {
        return new PairSettings(s.nodeId(), s.pairId(), s.priority(),
                List.of(new PathSpec("lan", new InetSocketAddress(local, 1), new InetSocketAddress(peer, 1))), s.key(),
                s.intervalMs(), s.timeoutMs(), s.startupWaitMs(), s.failBack(), s.failBackHoldMs(),
                s.standbyWhenIsolated(), s.activeWhenIsolated(), s.stepDownMs(), s.leaseRenewMs(), s.leaseTimeoutMs());
    }

    @Override
    public void close() throws InterruptedException {
        try {
            pair.close();
        } finally {
            broker.close();
        }
    }
}
