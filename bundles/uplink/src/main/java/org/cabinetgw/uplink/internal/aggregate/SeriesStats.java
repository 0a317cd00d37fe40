package org.cabinetgw.uplink.internal.aggregate;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;

/**
 * The telemetry of one (source, topic) within one window: how many messages, the earliest and latest
 * timestamps, and {@link MetricStats} per metric name. At most {@code maxMetrics} metric names are kept
 * and a name longer than {@link #MAX_NAME_CHARS} is not: such values are counted as dropped, so a
 * source sending thousands of distinct or huge names cannot make the window grow without bound.
 */
public final class SeriesStats {

    /** A metric name longer than this is not summarised (its values are counted as dropped). */
    public static final int MAX_NAME_CHARS = 128;

    private final String source;
    private final String topic;
    private final int maxMetrics;
    private final Map<String, MetricStats> metrics = new LinkedHashMap<>();
    private long count;
    private long droppedValues;
    private Instant firstTs;
    private Instant lastTs;

    SeriesStats(String source, String topic, int maxMetrics) {
        this.source = source;
        this.topic = topic;
        this.maxMetrics = maxMetrics;
    }

    void add(Message m) {
        count++;
        Instant ts = m.timestamp();
        if (firstTs == null || ts.isBefore(firstTs)) {
            firstTs = ts;
        }
        if (lastTs == null || ts.isAfter(lastTs)) {
            lastTs = ts;
        }
        for (Map.Entry<String, Object> e : m.metrics().entrySet()) {
            String name = e.getKey();
            MetricStats stats = metrics.get(name);
            if (stats == null) {
                if (name.length() > MAX_NAME_CHARS || metrics.size() >= maxMetrics) {
                    droppedValues++;
                    continue;
                }
                stats = new MetricStats();
                metrics.put(name, stats);
            }
            stats.add(e.getValue(), ts);
        }
    }

    /** Rebuilds a series from its saved state ({@link OpenWindowStore}). */
    static SeriesStats restore(String source, String topic, int maxMetrics, long count, long droppedValues,
            Instant firstTs, Instant lastTs, Map<String, MetricStats> metrics) {
        SeriesStats s = new SeriesStats(source, topic, maxMetrics);
        s.count = count;
        s.droppedValues = droppedValues;
        s.firstTs = firstTs;
        s.lastTs = lastTs;
        s.metrics.putAll(metrics);
        return s;
    }

    public String source() {
        return source;
    }

    public String topic() {
        return topic;
    }

    /** Messages summarised. */
    public long count() {
        return count;
    }

    /** Metric values not summarised: beyond the metric cap or with an over-long name. */
    public long droppedValues() {
        return droppedValues;
    }

    public Instant firstTs() {
        return firstTs;
    }

    public Instant lastTs() {
        return lastTs;
    }

    /** Per metric name, in the order first seen. */
    public Map<String, MetricStats> metrics() {
        return Collections.unmodifiableMap(metrics);
    }
}
