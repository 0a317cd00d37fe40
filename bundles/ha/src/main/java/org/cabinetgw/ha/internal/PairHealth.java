package org.cabinetgw.ha.internal;

import java.time.Instant;

import org.cabinetgw.ha.HaStatus;
import org.cabinetgw.ha.PathStatus;
import org.cabinetgw.ha.ReplicationState;
import org.cabinetgw.ha.Role;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;

/** The health reports {@code ha} (the pair) and {@code ha.path.<name>} (each heartbeat path), from the status. */
final class PairHealth {

    static final String PAIR = "ha";
    static final String PATH_PREFIX = "ha.path.";

    private PairHealth() {
    }

    static Health pair(HaStatus s, Health previous, Instant now) {
        HealthState state;
        String reason;
        if (s.role() == Role.STANDALONE) {
            state = HealthState.UP;
            reason = "";
        } else if (s.role() == Role.ACTIVE && !s.peerAlive()) {
            state = HealthState.DEGRADED;
            reason = "standby gateway missing" + (s.peerId().isEmpty() ? "" : " (" + s.peerId() + " not heard)");
        } else if (s.role() == Role.ACTIVE && s.peerRole() != Role.STANDBY) {
            state = HealthState.DEGRADED;
            reason = "the standby " + s.peerId() + " is " + s.peerRole();
        } else if (s.role() == Role.ACTIVE && (s.replication() == ReplicationState.NOT_IN_SYNC
                || s.replication() == ReplicationState.CATCHING_UP)) {
            state = HealthState.DEGRADED;
            reason = "standby not in sync: " + s.peerId() + " does not hold this node's uplink queue"
                    + (s.replication() == ReplicationState.CATCHING_UP ? " yet (catching up)" : "");
        } else if (s.role() == Role.ACTIVE || (s.role() == Role.STANDBY && s.peerAlive() && s.peerRole() == Role.ACTIVE)) {
            long down = s.paths().stream().filter(p -> !p.up()).count();
            state = down == 0 ? HealthState.UP : HealthState.DEGRADED;
            reason = down == 0 ? "" : "one heartbeat path lost";
        } else if (s.role() == Role.STANDBY && !s.peerAlive() && s.reason().contains("witness shows it active")) {
            state = HealthState.DEGRADED;
            reason = "every heartbeat path to the active " + s.peerId() + " lost; it is active per the witness";
        } else {
            // STARTING, DEMOTED, or a standby that knows of no active: this node does not act, and maybe no node does
            state = s.role() == Role.STARTING ? HealthState.DEGRADED : HealthState.DOWN;
            reason = s.role() + ": " + s.reason();
        }
        return previous == null ? new Health(state, reason, now) : previous.next(state, reason, now);
    }

    static Health path(PathStatus p, Health previous, Instant now) {
        HealthState state = p.up() ? HealthState.UP : HealthState.DEGRADED;
        String reason = p.up() ? "" : "heartbeat path " + p.name() + " (" + p.local() + " -> " + p.peer() + "): " + p.reason();
        return previous == null ? new Health(state, reason, now) : previous.next(state, reason, now);
    }
}
