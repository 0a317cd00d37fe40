package org.cabinetgw.telemetry;

/**
 * How much a message matters when the queue is full or the link is metered.
 * Declared from most to least important.
 */
public enum Priority {
    /** Something is wrong and a person must know: never evicted by lower priorities. */
    ALARM,
    /** A state change worth keeping (a failover, a transfer to generator). */
    EVENT,
    /** Periodic readings: the first to go when space runs out. */
    TELEMETRY;

    /** True when this priority is more important than {@code other}. */
    public boolean outranks(Priority other) {
        return ordinal() < other.ordinal();
    }
}
