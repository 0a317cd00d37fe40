package org.cabinetgw.ha;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The pair as this node sees it.
 *
 * @param nodeId       this node's id
 * @param pairId       the pair's id; empty when STANDALONE
 * @param role         this node's role
 * @param sinceMillis  wall-clock milliseconds when this node entered the role
 * @param reason       why this node is in its role, a sentence
 * @param epoch        this node's durable epoch: raised by every takeover
 * @param peerId       the peer's node id as last heard; empty when never heard
 * @param peerRole     the peer's role as it last announced it; null when never heard
 * @param peerAlive    whether the peer was heard on at least one path within the timeout
 * @param paths        the heartbeat paths
 * @param witness      the witness's state in words, e.g. {@code mqtt tcp://broker:1883: lease held by gw-a, epoch 7}
 * @param refused      datagrams refused since start, by reason (e.g. {@code BAD_MAC}, {@code REPLAY})
 * @param witnessState whether the witness can be asked now (since 1.1)
 * @param replication  whether the standby holds a replica of this (active) node's uplink queue (since 1.2)
 */
public record HaStatus(String nodeId, String pairId, Role role, long sinceMillis, String reason, long epoch,
        String peerId, Role peerRole, boolean peerAlive, List<PathStatus> paths, String witness,
        Map<String, Long> refused, WitnessState witnessState, ReplicationState replication) {

    /** The status without the replication's state ({@link ReplicationState#NONE}), as version 1.1 made it. */
    public HaStatus(String nodeId, String pairId, Role role, long sinceMillis, String reason, long epoch,
            String peerId, Role peerRole, boolean peerAlive, List<PathStatus> paths, String witness,
            Map<String, Long> refused, WitnessState witnessState) {
        this(nodeId, pairId, role, sinceMillis, reason, epoch, peerId, peerRole, peerAlive, paths, witness, refused,
                witnessState, ReplicationState.NONE);
    }

    /** This status with the replication's state. */
    public HaStatus withReplication(ReplicationState state) {
        return new HaStatus(nodeId, pairId, role, sinceMillis, reason, epoch, peerId, peerRole, peerAlive, paths,
                witness, refused, witnessState, state);
    }

    /** The status without the witness's state ({@link WitnessState#NONE}), as version 1.0 made it. */
    public HaStatus(String nodeId, String pairId, Role role, long sinceMillis, String reason, long epoch,
            String peerId, Role peerRole, boolean peerAlive, List<PathStatus> paths, String witness,
            Map<String, Long> refused) {
        this(nodeId, pairId, role, sinceMillis, reason, epoch, peerId, peerRole, peerAlive, paths, witness, refused,
                WitnessState.NONE);
    }

    public HaStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        pairId = pairId == null ? "" : pairId;
        Objects.requireNonNull(role, "role");
        reason = reason == null ? "" : reason;
        peerId = peerId == null ? "" : peerId;
        paths = List.copyOf(paths);
        witness = witness == null ? "" : witness;
        refused = Map.copyOf(refused);
        witnessState = witnessState == null ? WitnessState.NONE : witnessState;
        replication = replication == null ? ReplicationState.NONE : replication;
    }
}
