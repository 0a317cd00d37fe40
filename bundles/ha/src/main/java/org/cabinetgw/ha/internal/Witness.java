package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.Role;

/**
 * A third party both nodes can reach, that tells the standby whether a silent peer is still acting. It only
 * reports facts; {@link PairEngine} draws the conclusions, on its own clock.
 *
 * <p>Each node announces its state there (the active renews a lease with its epoch every
 * {@code lease.renew.millis}); when a node's connection dies the witness itself announces it released (its last will).
 */
interface Witness extends AutoCloseable {

    /** False for {@link #NONE}: no witness configured. */
    boolean configured();

    /** Whether the witness can be asked now (connected, and what it holds has been received). */
    boolean reachable();

    /** The peer's lease as last received; null when the witness holds none (or it was not received yet). */
    PeerLease peerLease();

    /** Monotonic milliseconds when the witness last acknowledged this node's announcement; -1 when never. */
    long lastAcknowledged();

    /** Announces this node's role and epoch (a renewal while ACTIVE). Must not block. */
    void announce(Role role, long epoch);

    /** One line for the status: where, and what it shows. */
    String describe();

    @Override
    void close();

    Witness NONE = new Witness() {
        @Override
        public boolean configured() {
            return false;
        }

        @Override
        public boolean reachable() {
            return false;
        }

        @Override
        public PeerLease peerLease() {
            return null;
        }

        @Override
        public long lastAcknowledged() {
            return -1;
        }

        @Override
        public void announce(Role role, long epoch) {
        }

        @Override
        public String describe() {
            return "none configured";
        }

        @Override
        public void close() {
        }
    };
}
