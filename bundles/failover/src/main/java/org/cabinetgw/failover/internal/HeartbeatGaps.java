package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's short silences on every heartbeat path that ended before anything was done (no takeover, no step-down)
 * and before {@code pair.silence.episode.millis}: counted and logged, not failover episodes (bundles/failover README,
 * "Heartbeat gaps"). Used on the coordinator's thread only.
 */
final class HeartbeatGaps {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatGaps.class);

    // written on the coordinator's thread, read by GET /failover
    private volatile long count;
    private volatile Duration longest = Duration.ZERO;

    /** The peer, silent since {@code lastHeard}, is heard again (or seen alive) at {@code back}. */
    void ended(String peer, Instant lastHeard, Instant back) {
        Duration silent = back.isAfter(lastHeard) ? Duration.between(lastHeard, back) : Duration.ZERO;
        count++;
        if (silent.compareTo(longest) > 0) {
            longest = silent;
        }
        LOG.info("Peer {} heard again after {} ms silent on every heartbeat path, nothing done: heartbeat gap {} since"
                + " the coordinator started (longest {} ms), not a failover episode", peer.isEmpty() ? "?" : peer,
                silent.toMillis(), count, longest.toMillis());
    }

    long count() {
        return count;
    }

    Duration longest() {
        return longest;
    }
}
