package org.cabinetgw.uplink.internal.transport;

import java.util.Random;

/**
 * Exponential backoff with full jitter: the n-th delay is uniformly random in [initial, min(max,
 * initial * 2^n)]. Jitter keeps a fleet of gateways from reconnecting in lock-step after a broker
 * restart. Not thread-safe: one owner.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int attempt;

    public Backoff(long initialMillis, long maxMillis, Random random) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before the next attempt, growing with every call until {@link #reset}. */
    public long nextDelayMillis() {
        long ceiling = initialMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > maxMillis) {
            ceiling = maxMillis;
        }
        attempt++;
        return initialMillis + (long) (random.nextDouble() * (ceiling - initialMillis));
    }

    /** After a success: the next delay starts small again. */
    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }
}
