package org.cabinetgw.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The history of every plotted series, a {@link Ring} each, bounded twice: points per series (the
 * history window divided by the sample interval) and number of series. A series that would exceed the
 * count is not kept (and counted), so a cabinet with a hundred meters cannot grow the heap without bound.
 */
final class HistoryRings {

    private final int pointsPerSeries;
    private final int maxSeries;
    private final Map<String, Ring> series = new LinkedHashMap<>();
    private long refused;

    HistoryRings(int pointsPerSeries, int maxSeries) {
        this.pointsPerSeries = pointsPerSeries;
        this.maxSeries = maxSeries;
    }

    synchronized void add(String name, long epochSecond, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return;
        }
        Ring r = series.get(name);
        if (r == null) {
            if (series.size() >= maxSeries) {
                refused++;
                return;
            }
            r = new Ring(pointsPerSeries);
            series.put(name, r);
        }
        r.add(epochSecond, value);
    }

    /** The most this can ever hold, in bytes of point data (the arrays; map and names aside). */
    long capacityBytes() {
        return (long) maxSeries * pointsPerSeries * Ring.bytesPerPoint();
    }

    /** Every series' points after {@code afterSecond}: {"name": {"t": [...], "v": [...]}, ...}. */
    synchronized JsonObject toJson(long afterSecond) {
        JsonObject out = new JsonObject();
        long[] t = new long[pointsPerSeries];
        double[] v = new double[pointsPerSeries];
        series.forEach((name, ring) -> {
            int n = ring.copyAfter(afterSecond, t, v);
            JsonArray ts = new JsonArray(n);
            JsonArray vs = new JsonArray(n);
            for (int i = 0; i < n; i++) {
                ts.add(t[i]);
                vs.add(Math.round(v[i] * 1000.0) / 1000.0);
            }
            JsonObject s = new JsonObject();
            s.add("t", ts);
            s.add("v", vs);
            out.add(name, s);
        });
        return out;
    }

    synchronized int seriesCount() {
        return series.size();
    }

    synchronized long refusedPoints() {
        return refused;
    }
}
