package org.cabinetgw.uplink.internal.kura;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One KuraPayload: what Kura gateways send and Kapua / Everyware Cloud decode on every data, lifecycle and
 * command topic. Immutable.
 *
 * @param timestamp epoch milliseconds, or null (not sent)
 * @param position  where, or null
 * @param metrics   named, typed values in order; each value's Java type decides its wire type
 *                  ({@link KuraMetricType#of}): Double, Float, Long, Integer, Boolean, String or byte[]
 * @param body      free bytes, or null (not sent)
 */
public record KuraPayload(Long timestamp, KuraPosition position, Map<String, Object> metrics, byte[] body) {

    public KuraPayload {
        Map<String, Object> copy = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                if (name == null) {
                    throw new IllegalArgumentException("a metric has no name");
                }
                if (KuraMetricType.of(value) == null) {
                    throw new IllegalArgumentException("metric '" + name + "' has a value of no KuraPayload type: "
                            + (value == null ? "null" : value.getClass().getSimpleName()));
                }
                copy.put(name, value);
            });
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /** Metrics only, stamped {@code timestamp}. */
    public static KuraPayload of(long timestamp, Map<String, Object> metrics) {
        return new KuraPayload(timestamp, null, metrics, null);
    }

    /** The metric's value, or null. */
    public Object metric(String name) {
        return metrics.get(name);
    }

    /** The wire type the metric {@code name} has, or null when there is no such metric. */
    public KuraMetricType typeOf(String name) {
        Object v = metrics.get(name);
        return v == null ? null : KuraMetricType.of(v);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KuraPayload p)) {
            return false;
        }
        if (!Objects.equals(timestamp, p.timestamp) || !Objects.equals(position, p.position)
                || !Arrays.equals(body, p.body) || metrics.size() != p.metrics.size()) {
            return false;
        }
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            Object other = p.metrics.get(e.getKey());
            boolean same = e.getValue() instanceof byte[] a ? other instanceof byte[] b && Arrays.equals(a, b)
                    : e.getValue().equals(other);
            if (!same) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestamp, position, metrics.keySet(), Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "KuraPayload[timestamp=" + timestamp + ", position=" + position + ", metrics=" + metrics.keySet()
                + ", body=" + (body == null ? "none" : body.length + " bytes") + "]";
    }
}
