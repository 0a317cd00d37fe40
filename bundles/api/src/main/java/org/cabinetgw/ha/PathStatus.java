package org.cabinetgw.ha;

import java.util.Objects;

/**
 * One heartbeat path as this node sees it.
 *
 * @param name          the path's configured name, e.g. {@code lan} or {@code cable}
 * @param local         this node's address and port on the path, e.g. {@code 10.0.0.1:7405}
 * @param peer          the peer's address and port on the path
 * @param up            whether an authenticated heartbeat arrived within the timeout
 * @param sinceMillis   wall-clock milliseconds when the path entered its present state
 * @param lastHeardMillis wall-clock milliseconds of the last accepted heartbeat; 0 when none yet
 * @param accepted      heartbeats accepted on this path since start
 * @param refused       datagrams refused on this path since start (malformed, unauthenticated, replayed, foreign)
 * @param reason        why the path is down; empty when up
 */
public record PathStatus(String name, String local, String peer, boolean up, long sinceMillis, long lastHeardMillis,
        long accepted, long refused, String reason) {

    public PathStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
        reason = reason == null ? "" : reason;
    }
}
