package org.cabinetgw.uplink.internal;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.cabinetgw.telemetry.Message;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The wire format of a message, the same over MQTT and HTTP (documented in the README):
 *
 * <pre>
 * {"id":"0190...","ts":"2026-05-01T12:00:00.123Z","source":"power.meter.mains","topic":"power/mains",
 *  "priority":"TELEMETRY","metrics":{"voltage":229.8,"online":true},"payload":"..."}
 * </pre>
 *
 * {@code payload} is present only when not empty; {@code types} only when a metric is an int or a float (its
 * name to INT32 or FLOAT: what a JSON number cannot say, Kura's protocol sends it so). A metric that is NaN or infinite is sent as
 * {@code null}: JSON has no such numbers and a receiver must not choke on the whole message for it.
 */
final class MessageEncoder {

    private MessageEncoder() {
    }

    static byte[] encode(Message m) {
        JsonObject o = new JsonObject();
        o.addProperty("id", m.id());
        o.addProperty("ts", DateTimeFormatter.ISO_INSTANT.format(m.timestamp()));
        o.addProperty("source", m.source());
        o.addProperty("topic", m.topic());
        o.addProperty("priority", m.priority().name());
        JsonObject metrics = new JsonObject();
        JsonObject types = new JsonObject();
        for (Map.Entry<String, Object> e : m.metrics().entrySet()) {
            Object v = e.getValue();
            String narrow = narrowType(v);
            if (narrow != null) {
                types.addProperty(e.getKey(), narrow);
            }
            if (v instanceof Double d && (d.isNaN() || d.isInfinite())
                    || v instanceof Float f && (f.isNaN() || f.isInfinite())) {
                metrics.add(e.getKey(), JsonNull.INSTANCE);
            } else if (v instanceof Number n) {
                metrics.add(e.getKey(), new JsonPrimitive(n));
            } else if (v instanceof Boolean b) {
                metrics.add(e.getKey(), new JsonPrimitive(b));
            } else {
                metrics.add(e.getKey(), new JsonPrimitive(String.valueOf(v)));
            }
        }
        o.add("metrics", metrics);
        if (types.size() > 0) {
            o.add("types", types);
        }
        if (!m.payload().isEmpty()) {
            o.addProperty("payload", m.payload());
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * INT32 for an int (short, byte), FLOAT for a finite float: what a JSON number cannot say and Kura's protocol
     * can. Null for every other value (a whole number is read as a long, a fraction as a double).
     */
    static String narrowType(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return "INT32";
        }
        if (v instanceof Float f && !f.isNaN() && !f.isInfinite()) {
            return "FLOAT";
        }
        return null;
    }
}
