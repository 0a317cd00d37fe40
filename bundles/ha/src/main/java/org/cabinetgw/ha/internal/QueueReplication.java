package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.QueueContents;
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
    private final TakenOverIds takenOver;
    private final PairEngine engine;
    private boolean discardUnsupportedSaid;

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
        this.engine = engine;
        takenOver = new TakenOverIds(dir.resolve("taken-over"));
        sender.tellTakenOver(this::takenOverIds);
        receiver.onTakenOver(this::discardTakenOver);
    }

    private List<String> takenOverIds() {
        try {
            return takenOver.read();
        } catch (IOException e) {
            LOG.warn("The ids taken over at the last takeover cannot be read ({}): the standby may send them again"
                    + " when it acts (duplicates, never a loss)", e.getMessage());
            return List.of();
        }
    }

    /**
     * On the standby: the active took these ids over when it deposed this node, and delivers them. This node's own
     * queue still holds those it had accepted; they leave it now rather than go out again, as duplicates, the next
     * time this node acts. What the active never had (accepted here while not in sync, or after this node was
     * deposed and before it learnt so) stays and goes out when this node acts again: a delay, never a loss.
     */
    void discardTakenOver(List<String> ids) {
        QueueContents own = sender.queue();
        if (own == null || ids.isEmpty() || engine.role().acts()) {
            return; // (acting: its transports may be sending them; a frame to an acting node is refused anyway)
        }
        try {
            long n = own.discard(ids);
            if (n > 0) {
                LOG.info("{} message(s) of this node's own queue discarded: the active took them over when it deposed"
                        + " this node and delivers them itself", n);
            }
        } catch (UnsupportedOperationException e) {
            if (!discardUnsupportedSaid) {
                discardUnsupportedSaid = true;
                LOG.warn("This node's uplink cannot discard what the active took over ({}): they go out again, as"
                        + " duplicates, when this node acts", e.getMessage());
            }
        } catch (java.io.UncheckedIOException e) {
            LOG.warn("This node's own queue could not discard what the active took over: {}", e.getMessage());
        }
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
            return ReplicaReplay.Result.NONE;
        }
        ReplicaReplay.Result result;
        try {
            result = ReplicaReplay.replay(replica, uplink);
        } catch (IOException e) {
            LOG.error("Takeover: the replica cannot be marked handed over ({}); its messages may be sent twice",
                    e.getMessage());
            return ReplicaReplay.Result.NONE;
        }
        try {
            takenOver.replace(result.handedOver());
        } catch (IOException e) {
            LOG.warn("Takeover: the ids taken over cannot be stored ({}): the deposed node may send them again when"
                    + " it acts (duplicates, never a loss)", e.getMessage());
        }
        return result;
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
