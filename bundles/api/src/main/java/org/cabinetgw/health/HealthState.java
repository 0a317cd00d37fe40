package org.cabinetgw.health;

/** How well a component, or the whole cabinet, is doing. Ordered from best to worst. */
public enum HealthState {
    /** Working as configured. */
    UP,
    /** Working, but with lost redundancy or reduced quality (a single link, stale readings, a degraded array). */
    DEGRADED,
    /** Not doing its job. */
    DOWN;

    /** The worse of this state and {@code other}. */
    public HealthState worst(HealthState other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
