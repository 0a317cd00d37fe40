package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.Role;

/**
 * What this node knows of its peer: the fields of the last heartbeat accepted, when it was heard, whether it is alive
 * (heard on at least one path within the timeout), and when it was declared dead. Guarded by the engine's lock.
 */
final class PeerView {

    String id = "";
    Role role;
    long epoch;
    int priority;
    boolean handover;
    /** Monotonic ms of the last accepted heartbeat; -1 never. */
    long lastHeard = -1;
    long lastHeardWall;
    boolean alive;
    /** Monotonic ms when the peer was declared dead (silent on every path); -1 while alive or never heard. */
    long declaredDeadAt = -1;
    long declaredDeadWall;

    /** The sender's (incarnation, seq) of the heartbeat whose fields this view holds. */
    private long newestIncarnation = -1;
    private long newestSeq = -1;

    /**
     * A heartbeat accepted on one path: the peer is alive. Its fields replace what this view holds only when it is
     * newer than the newest applied, on any path (the sender numbers its datagrams across paths). A path's socket
     * holds what arrived while this process was frozen (SIGSTOP, a long pause): read after the resume, a heartbeat
     * sent before the peer took over ("STANDBY, epoch 15") must not overwrite the fresh "ACTIVE, epoch 16" already
     * read on the other path, or this node would see no active node and elect itself (measured in the two-process
     * test before this rule: three takeovers in 400 ms).
     */
    void heard(Heartbeat h, long now, long wall) {
        lastHeard = now;
        lastHeardWall = wall;
        if (h.incarnation() < newestIncarnation
                || (h.incarnation() == newestIncarnation && h.seq() <= newestSeq)) {
            return; // older than what this view holds
        }
        newestIncarnation = h.incarnation();
        newestSeq = h.seq();
        id = h.nodeId();
        role = h.role();
        priority = h.priority();
        handover = h.handover();
        epoch = h.epoch();
    }

    /** The peer's newest incarnation heard (its start counter); -1 when never heard. */
    long incarnation() {
        return newestIncarnation;
    }

    void declaredDead(long now, long wall) {
        declaredDeadAt = now;
        declaredDeadWall = wall;
    }
}
