package org.cabinetgw.core.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts refusals and says when the next WARN line is due: at most one a minute, so a client that repeats a
 * refused request in a loop cannot fill the disk with log, yet the first one is always logged.
 */
final class OncePerMinute {

    private static final long MILLIS = 60_000;

    private final AtomicLong lastLine = new AtomicLong(System.currentTimeMillis() - MILLIS);
    private final AtomicLong sinceLine = new AtomicLong();

    /** Counts one; when a line is due returns how many were counted since the last line (this one included), else 0. */
    long count() {
        long counted = sinceLine.incrementAndGet();
        long now = System.currentTimeMillis();
        long last = lastLine.get();
        if (now - last >= MILLIS && lastLine.compareAndSet(last, now)) {
            sinceLine.addAndGet(-counted);
            return counted;
        }
        return 0;
    }
}
