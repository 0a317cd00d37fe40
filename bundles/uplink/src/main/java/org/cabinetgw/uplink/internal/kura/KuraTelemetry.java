package org.cabinetgw.uplink.internal.kura;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * One queued message as a KuraPayload, made at publish from what the queue keeps (our JSON message, README
 * "Payload"):
 * <ul>
 * <li>{@code timestamp}: the message's {@code ts};</li>
 * <li>each of its metrics, typed: a number written with a fraction or exponent is DOUBLE (a double stays a double,
 * also 230.0), a whole number INT64 (a long stays a long), an int INT32 and a float FLOAT (the stored JSON's
 * {@code types} says them; a record written before it existed sends them as INT64 and DOUBLE). The type follows
 * the producer's Java type, never the value, so one metric name keeps one type (what Kapua's store needs), text
 * STRING, true/false BOOL. A NaN or infinity, which our JSON holds as null, is left out;</li>
 * <li>three metrics of ours, so the receiver can de-duplicate and sort: {@code message.id} (STRING, the id that
 * stays the same across retries and transports), {@code message.priority} (STRING: ALARM, EVENT or TELEMETRY),
 * {@code message.source} (STRING). They take precedence over a producer's metric of the same name;</li>
 * <li>{@code body}: the message's {@code payload} text (UTF-8) when it has one; for an aggregate (metered link),
 * the {@code aggregate} object as JSON.</li>
 * </ul>
 * Never fails: a record that cannot be read as our JSON goes out as a payload with the id, the priority and the
 * stored bytes as body, so nothing is held back or lost for it.
 */
public final class KuraTelemetry {

    public static final String ID = "message.id";
    public static final String PRIORITY = "message.priority";
    public static final String SOURCE = "message.source";

    private KuraTelemetry() {
    }

    public static KuraPayload toPayload(QueuedMessage m) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(m.payloadText());
            o = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException | StackOverflowError e) {
            o = null;
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (o == null) {
            metrics.put(ID, m.id());
            metrics.put(PRIORITY, m.priority().name());
            return new KuraPayload(System.currentTimeMillis(), null, metrics, m.payload());
        }
        JsonElement values = o.get("metrics");
        JsonObject narrow = o.get("types") instanceof JsonObject t ? t : new JsonObject();
        if (values != null && values.isJsonObject()) {
            for (Map.Entry<String, JsonElement> v : values.getAsJsonObject().entrySet()) {
                Object typed = narrowed(typed(v.getValue()), text(narrow, v.getKey()));
                if (typed != null) {
                    metrics.put(v.getKey(), typed);
                }
            }
        }
        metrics.put(ID, m.id());
        metrics.put(PRIORITY, m.priority().name());
        String source = text(o, "source");
        if (source != null) {
            metrics.put(SOURCE, source);
        }
        byte[] body = null;
        String payload = text(o, "payload");
        if (payload != null && !payload.isEmpty()) {
            body = payload.getBytes(StandardCharsets.UTF_8);
        } else if (o.has("aggregate") && o.get("aggregate").isJsonObject()) {
            body = o.get("aggregate").toString().getBytes(StandardCharsets.UTF_8);
        }
        return new KuraPayload(timestamp(text(o, "ts")), null, metrics, body);
    }

    /** A JSON value as the Java type that decides its Kura type; null for null, arrays and objects. */
    static Object typed(JsonElement v) {
        if (v == null || !v.isJsonPrimitive()) {
            return null;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isString()) {
            return p.getAsString();
        }
        String literal = p.getAsNumber().toString();
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException beyondLong) {
                // a whole number beyond 64 bits: only a double can hold it
            }
        }
        return p.getAsDouble();
    }

    /** An int published as an int goes as INT32, a float as FLOAT (the stored {@code types}); else unchanged. */
    static Object narrowed(Object value, String type) {
        if ("INT32".equals(type) && value instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        if ("FLOAT".equals(type) && value instanceof Number n) {
            return n.floatValue();
        }
        return value;
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static long timestamp(String iso) {
        if (iso != null) {
            try {
                return Instant.parse(iso).toEpochMilli();
            } catch (DateTimeParseException e) {
                // fall through: now is the best we know
            }
        }
        return System.currentTimeMillis();
    }
}
