package org.cabinetgw.ha.internal;

import java.util.EnumMap;
import java.util.Map;

import org.cabinetgw.ha.PathStatus;

/** What the engine knows about one path: when the peer was last heard on it, counters, the replay window. */
final class PathState {

    final PathSpec spec;
    long lastHeard = -1;
    long lastHeardWall;
    boolean up;
    long sinceWall;
    long accepted;
    long refused;
    /** The newest (incarnation, seq) accepted on this path: anything not newer is a replay. */
    long lastIncarnation = -1;
    long lastSeq = -1;
    final Map<Refusal, Long> refusedSinceEvent = new EnumMap<>(Refusal.class);
    long lastRefusalEvent = Long.MIN_VALUE / 2;
    String lastRefusedSource = "";

    PathState(PathSpec spec, long nowWall) {
        this.spec = spec;
        this.sinceWall = nowWall;
    }

    boolean isNewer(long incarnation, long seq) {
        return incarnation > lastIncarnation || (incarnation == lastIncarnation && seq > lastSeq);
    }

    PathStatus status(long timeoutMs) {
        String reason = up ? "" : lastHeard < 0 ? "the peer was never heard on this path"
                : "no heartbeat from the peer for more than " + timeoutMs + " ms";
        return new PathStatus(spec.name(), PathSpec.text(spec.local()), PathSpec.text(spec.peer()), up, sinceWall,
                lastHeard < 0 ? 0 : lastHeardWall, accepted, refused, reason);
    }
}
