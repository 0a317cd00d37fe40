package org.cabinetgw.modbus.internal;

/**
 * When a line may try to connect again. After each failed attempt the wait doubles, from
 * {@link #FIRST_WAIT_NANOS} up to the endpoint's maximum; a success resets it. Without this a dead
 * gateway would be hammered with a connect per poll of every meter behind it, each holding the line for the
 * connect timeout. A <em>refused</em> connect is different: the host answered at once (a reset), so another
 * attempt costs a few packets and no waiting; it is made again after at most {@link #REFUSED_WAIT_NANOS},
 * so a server that comes back (a restarted gateway process, a meter rebooted) is talked to within about a
 * second instead of after a wait that doubled to the maximum while it was away.
 * Not thread safe: used under the line's lock. Times are {@link System#nanoTime()} values.
 */
final class Backoff {

    static final long FIRST_WAIT_NANOS = 100_000_000L;
    static final long REFUSED_WAIT_NANOS = 1_000_000_000L;

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

    /**
     * Records a refused attempt at {@code now}: the next one may come after the usual doubled wait but never
     * later than {@link #REFUSED_WAIT_NANOS}; the doubling goes on for attempts that get no answer at all.
     */
    void refused(long now) {
        failed(now);
        notBeforeNanos = now + Math.min(currentWaitNanos, Math.min(maxWaitNanos, REFUSED_WAIT_NANOS));
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
