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

    void heard(Heartbeat h, long now, long wall) {
        id = h.nodeId();
        role = h.role();
        priority = h.priority();
        handover = h.handover();
        lastHeard = now;
        lastHeardWall = wall;
        epoch = h.epoch();
    }

    void declaredDead(long now, long wall) {
        declaredDeadAt = now;
        declaredDeadWall = wall;
    }
}
