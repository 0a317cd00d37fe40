package org.cabinetgw.uplink.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * The inverse of {@link MessageEncoder}, for the pair's catch-up (the standby is brought up to date from this queue).
 * A metric sent as {@code null} (NaN) comes back as {@link Double#NaN}; whole numbers as Long, others as Double.
 */
final class MessageDecoder {

    private MessageDecoder() {
    }

    /** @throws IllegalArgumentException for anything {@link MessageEncoder} did not write */
    static Message decode(byte[] bytes) {
        try {
            JsonObject o = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
                metrics.put(e.getKey(), value(e.getValue()));
            }
            JsonElement payload = o.get("payload");
            return new Message(o.get("id").getAsString(), o.get("source").getAsString(), o.get("topic").getAsString(),
                    Priority.valueOf(o.get("priority").getAsString()), Instant.parse(o.get("ts").getAsString()),
                    metrics, payload == null ? "" : payload.getAsString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an encoded message: " + e.getMessage(), e);
        }
    }

    private static Object value(JsonElement v) {
        if (v.isJsonNull()) {
            return Double.NaN;
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            double d = p.getAsDouble();
            return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) p.getAsLong() : (Object) d;
        }
        return p.getAsString();
    }
}
