package org.cabinetgw.power.internal.meter;

import java.util.concurrent.TimeUnit;

/**
 * How long a meter has answered nothing, and when that is an outage (DOWN) rather than a failed poll or an
 * unsteady line (DEGRADED). The bound is the longer of 10 s and three full polls (interval plus the timeout of
 * every try): long enough that one lost answer or a reconnect never reads as an outage, short enough that a dead
 * meter is not hidden behind "unsteady" for the 5 minutes of the churn window (the fault campaign's finding).
 * Monotonic time: a wall-clock step neither hides nor invents an outage.
 */
final class MeterOutage {

    static final long MIN_DOWN_AFTER_MILLIS = 10_000;

    private final long downAfterNanos;
    private long lastAnswerNanos;

    MeterOutage(long pollMillis, long timeoutMillis, int retries, long nowNanos) {
        long threePolls = 3 * (pollMillis + timeoutMillis * (retries + 1L));
        downAfterNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(MIN_DOWN_AFTER_MILLIS, threePolls));
        lastAnswerNanos = nowNanos;
    }

    void answered(long nowNanos) {
        lastAnswerNanos = nowNanos;
    }

    /** Nothing answered for the bound (since the last answer, or since the meter was started). */
    boolean down(long nowNanos) {
        return nowNanos - lastAnswerNanos >= downAfterNanos;
    }

    long downAfterSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(downAfterNanos);
    }
}
