package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.Role;
import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the node is ACTIVE, feeds the acting permit ({@link ActingWindow}) with the evidence that the standby cannot
 * have taken over: the witness's acknowledged renewals and the standby's fresh heartbeats. Says once when the permit
 * lapses and once when it is granted again. Called by {@link PairEngine} under its lock.
 */
final class PermitRenewal {

    /** Logged as the engine, as before the split: integrators' log filters and the harness read these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(PairEngine.class);

    private final PairSettings settings;
    private final Witness witness;
    private final PeerView peer;
    private final ActingWindow permit;
    private boolean lapsed;

    PermitRenewal(PairSettings settings, Witness witness, PeerView peer, ActingWindow permit) {
        this.settings = settings;
        this.witness = witness;
        this.peer = peer;
        this.permit = permit;
    }

    /**
     * {@code acknowledged}: the witness's last acknowledgement as read <em>before</em> the engine evaluated the role on
     * what the witness shows: the peer's lease that the broker sent before that acknowledgement is then already in
     * that view (a higher epoch demoted this node), never one that came in between. The peer's heartbeats count once
     * the witness answered since the last stall ({@link #witnessAnsweredSinceStall}).
     */
    void renew(Role role, long epoch, long now, long acknowledged) {
        if (role != Role.ACTIVE) {
            return;
        }
        if (witness.configured()) {
            permit.evidence(acknowledged, settings.stepDownMs());
        }
        if (witnessAnsweredSinceStall() && peer.alive && peer.role != Role.ACTIVE && peer.epoch <= epoch) {
            permit.evidence(peer.lastHeard, settings.timeoutMs());
        }
        if (!witness.configured() || settings.activeWhenIsolated() == ActiveWhenIsolated.KEEP_ACTIVE) {
            // the node's own rules keep it acting with neither peer nor witness: only a stall of its own fences it
            // (one timeout after the stall, for the backlog to be read)
            permit.evidence(now, settings.timeoutMs());
        }
        boolean nowLapsed = !permit.granted();
        if (nowLapsed != lapsed) {
            lapsed = nowLapsed;
            if (nowLapsed) {
                LOG.warn("Acting permit lapsed: no fresh sign that the standby cannot act (a stall?); nothing is sent "
                        + "as the pair until there is");
            } else {
                LOG.info("Acting permit granted again");
            }
        }
    }

    /**
     * After a stall the heartbeat sockets hold the peer as it was during it, oldest first, and reading them may take
     * longer than the one timeout ActingWindow allows on a loaded machine (StallBacklogTest): its STANDBY heartbeats
     * from before it took over would elect this node, or keep it acting. The witness's answer to an announcement made
     * after the stall comes after what the broker sent before it, the peer's ACTIVE lease and its epoch among it; only
     * then do the peer's heartbeats count again. No witness configured: the time rule alone.
     */
    boolean witnessAnsweredSinceStall() {
        long stallEnd = permit.lastStallEnd();
        return stallEnd < 0 || !witness.configured() || witness.lastAcknowledged() >= stallEnd;
    }

    /** A takeover just granted the permit on the node's own decision: a later lapse is said again. */
    void grantedByTakeover() {
        lapsed = false;
    }
}
