package org.cabinetgw.ha.internal;

import java.util.function.LongSupplier;

/** Monotonic and wall-clock milliseconds that move only when the test says so. */
final class FakeClock implements LongSupplier {

    static final long WALL_OFFSET = 1_800_000_000_000L;
    private long now = 1_000;

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    synchronized void advance(long ms) {
        now += ms;
    }

    LongSupplier wall() {
        return () -> getAsLong() + WALL_OFFSET;
    }
}
