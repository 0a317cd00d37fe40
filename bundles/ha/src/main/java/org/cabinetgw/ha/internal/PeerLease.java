package org.cabinetgw.ha.internal;

/**
 * The last thing the witness showed about the peer's lease.
 *
 * @param state      {@code active}, {@code standby} or {@code released} (the last will, or a clean hand-over)
 * @param epoch      the epoch the peer announced with it
 * @param receivedAt this node's monotonic milliseconds when it arrived
 */
record PeerLease(String state, long epoch, long receivedAt) {

    static final String ACTIVE = "active";
    static final String STANDBY = "standby";
    static final String RELEASED = "released";
}
