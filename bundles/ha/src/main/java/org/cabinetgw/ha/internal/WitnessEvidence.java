package org.cabinetgw.ha.internal;

/**
 * What the witness shows of a peer that is silent on every path, read as evidence: does it prove the peer is not
 * acting? Only a lease of the peer's life (incarnation) last heard, or a later one, speaks for what the peer does
 * now. A retained release of an earlier life (its will, from before a restart) says nothing of the life heard since:
 * that peer may have elected itself and stalled before its own witness connection was made (README, "Both started
 * at once"). Without a lease of that life the peer counts as not acting only once it has been silent for
 * {@code lease.timeout.millis}, as an active lease not renewed for that long: by then an active peer that could not
 * renew has stepped down ({@code step.down.millis} is shorter).
 */
final class WitnessEvidence {

    /** Take over ({@code why} is the reason given) or stay standby ({@code why} is what is waited for). */
    record Verdict(boolean takeOver, String why) {
    }

    private WitnessEvidence() {
    }

    static Verdict judge(PeerLease lease, long ourEpoch, PeerView peer, long now, PairSettings settings) {
        if (lease != null && PeerLease.ACTIVE.equals(lease.state()) && lease.epoch() >= ourEpoch
                && now - lease.receivedAt() <= settings.leaseTimeoutMs()) {
            return new Verdict(false, "the peer is silent on every path but the witness shows it active (lease epoch "
                    + lease.epoch() + "): are both heartbeat paths cut?");
        }
        long heard = peer.incarnation();
        // an UNKNOWN incarnation (-1, a node before this release) is below any heard: never proof of this life
        if (heard >= 0 && (lease == null || lease.incarnation() < heard)) {
            String shows = lease == null ? "holds no lease of the peer"
                    : "holds only a lease of an earlier life of the peer (" + lease.state() + ", incarnation "
                            + (lease.incarnation() == PeerLease.UNKNOWN ? "not named" : lease.incarnation())
                            + "; heard since in incarnation " + heard + ")";
            long silent = now - peer.lastHeard;
            if (silent < settings.leaseTimeoutMs()) {
                return new Verdict(false, "the peer is silent on every path and the witness " + shows
                        + ": no proof it is not acting; waiting until it is silent for lease.timeout.millis ("
                        + settings.leaseTimeoutMs() + " ms)");
            }
            return new Verdict(true, "the peer was silent on every path for " + silent
                    + " ms (lease.timeout.millis) and the witness " + shows);
        }
        String why = lease == null ? "holds no lease of the peer"
                : PeerLease.ACTIVE.equals(lease.state()) ? "shows the peer's lease not renewed for "
                        + (now - lease.receivedAt()) + " ms"
                        : "shows the peer " + lease.state();
        return new Verdict(true, "the peer was silent on every path for " + settings.timeoutMs()
                + " ms and the witness " + why);
    }
}
