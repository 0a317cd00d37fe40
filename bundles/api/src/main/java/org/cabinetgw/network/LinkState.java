package org.cabinetgw.network;

/** A link's state as the link manager sees it. Ordered from best to worst. */
public enum LinkState {
    /** Probes answer, loss and latency are within limits. */
    UP,
    /** Probes answer, but loss or latency over the window exceed the configured limits. Still usable. */
    DEGRADED,
    /**
     * Probes answer but the link is not used: flap damping holds it down for a while, or the failover
     * coordinator forced it down for a drill.
     */
    HELD_DOWN,
    /** No probe target answered for the configured number of rounds, or the interface is missing or down. */
    DOWN;

    /** True when traffic may be routed over a link in this state. */
    public boolean usable() {
        return this == UP || this == DEGRADED;
    }
}
