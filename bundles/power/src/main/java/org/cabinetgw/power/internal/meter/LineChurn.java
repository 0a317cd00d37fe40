package org.cabinetgw.power.internal.meter;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reconnects and retries of a meter's line over a sliding window, from the line's cumulative counters, and
 * whether that is churn worth a DEGRADED. A healthy Modbus TCP connection lives for days: a gateway restart or a
 * network blip costs one or two reconnects. More than {@link #DEGRADED_ABOVE} in {@link #WINDOW_MILLIS} (more
 * than one a minute) means the peer keeps dropping the connection or requests keep failing and being repeated:
 * the values still arrive, so the meter is not stale, but its line is unwell and an operator should know before
 * it gets worse. The meter is UP again once the window holds at most {@link #UP_AT_MOST} (hysteresis, so a line
 * hovering at the threshold does not flap). Not thread safe: used by the meter's poll thread.
 */
final class LineChurn {

    static final long WINDOW_MILLIS = 5 * 60_000L;
    static final int DEGRADED_ABOVE = 5;
    static final int UP_AT_MOST = 2;
    /** Samples closer together than this are merged, so a fast poll does not grow the window's memory. */
    private static final long SAMPLE_MILLIS = 5_000L;

    private record Sample(long at, long reconnects, long retries) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private long reconnects;
    private long retries;
    private boolean churning;

    /** Records the line's cumulative counters at {@code now} (epoch or monotonic milliseconds). */
    void record(long now, long totalReconnects, long totalRetries) {
        Sample last = samples.peekLast();
        if (last == null || now - last.at() >= SAMPLE_MILLIS) {
            samples.addLast(new Sample(now, totalReconnects, totalRetries));
        }
        // keep one sample at or before the window's start as the base the counts are taken from
        while (samples.size() > 1 && now - second().at() >= WINDOW_MILLIS) {
            samples.removeFirst();
        }
        Sample base = samples.peekFirst();
        reconnects = Math.max(0, totalReconnects - base.reconnects());
        retries = Math.max(0, totalRetries - base.retries());
        long total = reconnects + retries;
        churning = churning ? total > UP_AT_MOST : total > DEGRADED_ABOVE;
    }

    private Sample second() {
        java.util.Iterator<Sample> it = samples.iterator();
        it.next();
        return it.next();
    }

    /** Reconnects within the window. */
    long reconnects() {
        return reconnects;
    }

    /** Retries within the window. */
    long retries() {
        return retries;
    }

    /** True while the line churns (above the threshold, and not yet back at or below {@link #UP_AT_MOST}). */
    boolean churning() {
        return churning;
    }

    /** "57 reconnects and 3 retries in the last 5 minutes". */
    String describe() {
        return reconnects + (reconnects == 1 ? " reconnect" : " reconnects") + " and " + retries
                + (retries == 1 ? " retry" : " retries") + " in the last " + WINDOW_MILLIS / 60_000 + " minutes";
    }
}
