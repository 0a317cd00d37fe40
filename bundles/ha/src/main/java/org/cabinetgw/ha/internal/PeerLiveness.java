package org.cabinetgw.ha.internal;

import java.util.List;
import java.util.function.LongSupplier;

import org.cabinetgw.ha.HaEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which heartbeat paths are up (the peer heard on it within {@code timeout.millis}) and whether the peer is alive
 * (up on at least one path); each change is logged and posted once. Called by {@link PairEngine} under its lock.
 */
final class PeerLiveness {

    /** Logged as the engine, as before the split: integrators' log filters and the harness read these lines. */
    private static final Logger LOG = LoggerFactory.getLogger(PairEngine.class);

    private final List<PathState> paths;
    private final PeerView peer;
    private final long timeoutMs;
    private final LongSupplier wallClock;
    private final EngineEvents events;

    PeerLiveness(List<PathState> paths, PeerView peer, long timeoutMs, LongSupplier wallClock, EngineEvents events) {
        this.paths = paths;
        this.peer = peer;
        this.timeoutMs = timeoutMs;
        this.wallClock = wallClock;
        this.events = events;
    }

    void update(long now) {
        long wall = wallClock.getAsLong();
        for (PathState p : paths) {
            boolean up = p.lastHeard >= 0 && now - p.lastHeard <= timeoutMs;
            if (up != p.up) {
                p.up = up;
                p.sinceWall = wall;
                String why = up ? "heartbeats arrive" : p.status(timeoutMs).reason();
                LOG.info("Heartbeat path {} is {}: {}", p.spec.name(), up ? "up" : "down", why);
                events.post(HaEvents.PATH_CHANGED, HaEvents.PATH, p.spec.name(), HaEvents.UP, up, HaEvents.REASON, why);
            }
        }
        boolean alive = paths.stream().anyMatch(p -> p.up);
        if (alive != peer.alive) {
            peer.alive = alive;
            if (alive) {
                peer.declaredDeadAt = -1;
                LOG.info("Peer {} heard again ({})", peer.id, peer.role);
                events.post(HaEvents.PEER_BACK, HaEvents.PEER, peer.id, HaEvents.PEER_ROLE, String.valueOf(peer.role));
            } else if (peer.lastHeard >= 0) {
                peer.declaredDead(now, wall);
                LOG.warn("Peer {} silent on every path for {} ms", peer.id, now - peer.lastHeard);
                events.post(HaEvents.PEER_LOST, HaEvents.PEER, peer.id, HaEvents.LAST_HEARD, peer.lastHeardWall);
            }
        }
    }
}
