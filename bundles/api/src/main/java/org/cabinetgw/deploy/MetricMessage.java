package org.cabinetgw.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request, reply or notification as Kura's cloud applications exchange them: named metrics, each with its own
 * type, and an optional body. A command channel that speaks Kura's protocol hands a request over in this shape
 * ({@link CommandRequest#metrics()}) and takes answers in it ({@link CommandResponder#reply(int, MetricMessage)}), so
 * a handler says the type of every value itself (Kapua reads {@code job.id} as INT64 and
 * {@code dp.download.progress} as INT32) and no channel has to guess it from JSON.
 *
 * <p>A metric's value is one of: {@link String} (STRING), {@link Long} (INT64), {@link Integer} (INT32),
 * {@link Double} (DOUBLE), {@link Float} (FLOAT), {@link Boolean} (BOOL), {@code byte[]} (BYTES). Anything else, a
 * null name or a null value is refused by the constructor.
 *
 * @param metrics the metrics in the order they are written; an unmodifiable copy
 * @param body    the body (Kura sends XML documents there); empty when there is none
 */
public record MetricMessage(Map<String, Object> metrics, byte[] body) {

    public MetricMessage {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Object> m : Objects.requireNonNull(metrics, "metrics").entrySet()) {
            Object v = m.getValue();
            if (m.getKey() == null || !isMetricValue(v)) {
                throw new IllegalArgumentException("metric " + m.getKey() + ": "
                        + (v == null ? "no value" : "a " + v.getClass().getSimpleName() + " is not a metric type"));
            }
            copy.put(m.getKey(), v instanceof byte[] b ? b.clone() : v);
        }
        metrics = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /** Metrics without a body. */
    public MetricMessage(Map<String, Object> metrics) {
        this(metrics, null);
    }

    /** The body; a copy, callers may change it. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** True for the Java types a metric may carry (see the class comment). */
    public static boolean isMetricValue(Object v) {
        return v instanceof String || v instanceof Long || v instanceof Integer || v instanceof Double
                || v instanceof Float || v instanceof Boolean || v instanceof byte[];
    }
}
