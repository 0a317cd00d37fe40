package org.cabinetgw.modbus.internal;

/**
 * When a line may try to connect again. After each failed attempt the wait doubles, from
 * {@link #FIRST_WAIT_NANOS} up to the endpoint's maximum; a success resets it. Without this a dead
 * gateway would be hammered with a connect per poll of every meter behind it.
 * Not thread safe: used under the line's lock. Times are {@link System#nanoTime()} values.
 */
final class Backoff {

    static final long FIRST_WAIT_NANOS = 100_000_000L;

    private final long maxWaitNanos;
    private long currentWaitNanos;
    private long notBeforeNanos;
    private boolean waiting;

    Backoff(long maxWaitNanos) {
        this.maxWaitNanos = Math.max(FIRST_WAIT_NANOS, maxWaitNanos);
    }

    /** True when an attempt may be made at {@code now}. */
    boolean mayAttempt(long now) {
        return !waiting || now - notBeforeNanos >= 0;
    }

    /** Nanoseconds until the next attempt is allowed, 0 when allowed now. */
    long remaining(long now) {
        return mayAttempt(now) ? 0 : notBeforeNanos - now;
    }

    /** Records a failed attempt at {@code now}: the next waits twice as long as the last, at most the maximum. */
    void failed(long now) {
        currentWaitNanos = currentWaitNanos == 0 ? FIRST_WAIT_NANOS : Math.min(maxWaitNanos, currentWaitNanos * 2);
        notBeforeNanos = now + currentWaitNanos;
        waiting = true;
    }

    /** Records a success: the next failure starts from the first wait again. */
    void succeeded() {
        currentWaitNanos = 0;
        waiting = false;
    }

    /** The wait imposed by the last failure, 0 after a success. */
    long currentWaitNanos() {
        return currentWaitNanos;
    }
}
