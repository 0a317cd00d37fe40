package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.telemetry.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicated uplink queue of one node: its replica on disk ({@code <data>/ha/uplink-replica}) with the receiver
 * that fills it while this node is the standby, and the sender (the uplink's {@link
 * org.cabinetgw.uplink.QueueReplicator}) that streams this node's queue to the peer while it is ACTIVE. At a takeover
 * {@link #takeOver} hands the replica to this node's uplink before the node starts acting.
 */
final class QueueReplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueReplication.class);

    final ReplicaLog replica;
    final ReplicationReceiver receiver;
    final ReplicationSender sender;

    QueueReplication(PairSettings pair, ReplicationSettings settings, Path dir, long incarnation, PairEngine engine)
            throws IOException {
        replica = ReplicaLog.open(dir.resolve("uplink-replica"));
        try {
            receiver = new ReplicationReceiver(pair, settings, incarnation, engine::epoch, () -> engine.role().acts(),
                    replica);
        } catch (IOException e) {
            replica.close();
            throw e;
        }
        sender = new ReplicationSender(pair, settings, incarnation, engine::epoch, () -> engine.role() == Role.ACTIVE);
    }

    void start() {
        receiver.start();
        sender.start();
    }

    /** As this (active) node sees the standby's replica. */
    ReplicationState state() {
        return sender.state();
    }

    Map<String, Long> refused() {
        Map<String, Long> out = new LinkedHashMap<>(receiver.counters.snapshot());
        sender.counters.snapshot().forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /**
     * This node takes over: the old active's stream ends, and what it had accepted and the cloud had not
     * acknowledged goes to this node's uplink with the same ids. With no uplink it stays in the replica.
     */
    ReplicaReplay.Result takeOver(Uplink uplink) {
        receiver.disconnect();
        if (uplink == null) {
            int n = replica.pending().size();
            if (n > 0) {
                LOG.warn("Takeover with no uplink: {} message(s) of the old active stay in the replica until one is"
                        + " bound", n);
            }
            return new ReplicaReplay.Result(0, java.util.List.of());
        }
        try {
            return ReplicaReplay.replay(replica, uplink);
        } catch (IOException e) {
            LOG.error("Takeover: the replica cannot be marked handed over ({}); its messages may be sent twice",
                    e.getMessage());
            return new ReplicaReplay.Result(0, java.util.List.of());
        }
    }

    @Override
    public void close() {
        sender.close();
        receiver.close();
        try {
            replica.close();
        } catch (IOException e) {
            LOG.debug("Closing the replica", e);
        }
    }
}
