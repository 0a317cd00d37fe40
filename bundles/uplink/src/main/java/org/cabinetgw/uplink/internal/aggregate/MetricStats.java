package org.cabinetgw.uplink.internal.aggregate;

import java.time.Instant;

/**
 * Running statistics of one metric of one series within one window: how many values, and over the finite
 * numeric ones min, max and mean; the last value whatever its type. Constant memory per metric (a string
 * value is kept only as the last one, and only its first {@link #MAX_STRING_CHARS} characters).
 */
public final class MetricStats {

    /** A longer string value is kept (as the last value) cut to this many characters followed by '…'. */
    public static final int MAX_STRING_CHARS = 256;

    private long count;
    private long numeric;
    private long nonFinite;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private Object last;
    private Instant lastTs;

    /**
     * Adds one value (Number, Boolean or String, as a {@code Message} allows) measured at {@code ts}.
     * "Last" is the value with the latest timestamp; on a tie the one added later (arrival order).
     */
    void add(Object value, Instant ts) {
        count++;
        if (value instanceof Number n) {
            // a BigDecimal beyond double's range becomes an infinity here: it cannot take part in min/max/mean
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                numeric++;
                min = Math.min(min, d);
                max = Math.max(max, d);
                mean = runningMean(mean, d, numeric);
            } else {
                nonFinite++;
            }
        }
        if (lastTs == null || !ts.isBefore(lastTs)) {
            lastTs = ts;
            last = value instanceof String s && s.length() > MAX_STRING_CHARS
                    ? s.substring(0, MAX_STRING_CHARS) + "…" : value;
        }
    }

    /**
     * Welford's update, which is accurate for long runs of similar values; when the difference overflows
     * (values near ±Double.MAX_VALUE of both signs) the same mean is computed from the scaled parts, which
     * cannot overflow. A sum would overflow long before either.
     */
    static double runningMean(double mean, double x, long n) {
        double delta = x - mean;
        if (Double.isFinite(delta)) {
            return mean + delta / n;
        }
        return (mean - mean / n) + x / n;
    }

    /** Rebuilds a metric from its saved state ({@link OpenWindowStore}). */
    static MetricStats restore(long count, long numeric, long nonFinite, double min, double max, double mean, Object last,
            Instant lastTs) {
        MetricStats m = new MetricStats();
        m.count = count;
        m.numeric = numeric;
        m.nonFinite = nonFinite;
        m.min = min;
        m.max = max;
        m.mean = mean;
        m.last = last;
        m.lastTs = lastTs;
        return m;
    }

    Instant lastTs() {
        return lastTs;
    }

    /** Values seen, of any type. */
    public long count() {
        return count;
    }

    /** Finite numeric values: what min, max and mean are computed over. */
    public long numeric() {
        return numeric;
    }

    /** NaN, infinities and numbers too large for a double: counted, left out of min, max and mean. */
    public long nonFinite() {
        return nonFinite;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double mean() {
        return mean;
    }

    /** The value with the latest timestamp (a Number, Boolean or String, a long string cut). */
    public Object last() {
        return last;
    }
}
