package org.cabinetgw.failover;

/** The cabinet as a whole, judged by the redundancy it still has. Ordered from best to worst. */
public enum CabinetState {
    /** Every redundancy the cabinet was built with is there. */
    NORMAL,
    /** Still working, but some redundancy is lost: one more fault and service stops. */
    DEGRADED,
    /** Service is lost or about to be (no link, no transport, battery nearly empty, an array gone). */
    CRITICAL;

    /** The worse of this state and {@code other}. */
    public CabinetState worst(CabinetState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
