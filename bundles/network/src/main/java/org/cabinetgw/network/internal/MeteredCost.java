package org.cabinetgw.network.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * What a metered link costs, measured: the interface's own byte counters (received plus sent, as the operator
 * bills them), sampled once a minute, give a rate over the last hour that is projected to a 30-day month. In
 * standby that is the probes' cost; while the link carries traffic it is the traffic's. Nothing is said before
 * ten minutes of samples exist (a rate over a minute or two would swing with every probe). Counters that go
 * backwards (the modem's interface recreated) start the measurement again. Not thread safe: the probe thread.
 */
final class MeteredCost {

    static final long SAMPLE_MILLIS = 60_000;
    static final long WINDOW_MILLIS = 3_600_000;
    static final long MIN_SPAN_MILLIS = 600_000;
    private static final double MONTH_MILLIS = 30 * 24 * 3_600_000.0;

    private record Sample(long at, long bytes) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** Records the counters' sum at {@code now}; at most one sample a minute is kept. Negative bytes: unreadable. */
    void record(long now, long bytes) {
        if (bytes < 0) {
            return;
        }
        Sample last = samples.peekLast();
        if (last != null && bytes < last.bytes()) {
            samples.clear();
        } else if (last != null && now - last.at() < SAMPLE_MILLIS) {
            return;
        }
        samples.addLast(new Sample(now, bytes));
        while (samples.size() > 2 && now - samples.peekFirst().at() > WINDOW_MILLIS) {
            samples.removeFirst();
        }
    }

    /** Bytes a 30-day month would cost at the measured rate; -1 while fewer than ten minutes were measured. */
    long bytesPerMonth() {
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        if (first == null || last.at() - first.at() < MIN_SPAN_MILLIS) {
            return -1;
        }
        return Math.round((last.bytes() - first.bytes()) * MONTH_MILLIS / (last.at() - first.at()));
    }

    /** "traffic 3.6 MB/month at the rate of the last 60 min (wwan0's counters)", or empty before there is a figure. */
    String describe(String interfaceName) {
        long perMonth = bytesPerMonth();
        if (perMonth < 0) {
            return "";
        }
        long minutes = (samples.peekLast().at() - samples.peekFirst().at()) / 60_000;
        return String.format(Locale.ROOT, "metered: %.1f MB/month at the rate of the last %d min (%s's byte counters)",
                perMonth / 1e6, minutes, interfaceName);
    }
}
