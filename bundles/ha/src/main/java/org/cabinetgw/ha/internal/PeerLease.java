package org.cabinetgw.ha.internal;

/**
 * The last thing the witness showed about the peer's lease.
 *
 * @param state       {@code active}, {@code standby} or {@code released} (the last will, or a clean hand-over)
 * @param epoch       the epoch the peer announced with it
 * @param incarnation the start counter of the peer's life that wrote it (the will: the life whose connection died);
 *                    {@link #UNKNOWN} when the lease names none (a node before this release) or an unreadable one
 * @param receivedAt  this node's monotonic milliseconds when it arrived
 */
record PeerLease(String state, long epoch, long incarnation, long receivedAt) {

    static final String ACTIVE = "active";
    static final String STANDBY = "standby";
    static final String RELEASED = "released";
    /** The lease names no (readable) incarnation: it may be of any life of the peer. */
    static final long UNKNOWN = -1;
}
