package org.cabinetgw.power;

/** The state of one power source (mains or generator), derived from its meters with hysteresis and delays. */
public enum SourceState {
    /** Voltage and frequency within their bands. */
    AVAILABLE,
    /** Present but voltage or frequency out of band. */
    DEGRADED,
    /** Voltage below the loss threshold. */
    LOST,
    /** No fresh reading: no meter for it, or its meters stopped answering. */
    UNKNOWN;

    /** True when the source can feed the cabinet (AVAILABLE or DEGRADED). */
    public boolean isLive() {
        return this == AVAILABLE || this == DEGRADED;
    }
}
