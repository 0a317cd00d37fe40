package org.cabinetgw.ha.internal;

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
 * A queued uplink message as the replica keeps it: one JSON object, written by hand so the format does not follow
 * the record. Numbers come back as the narrowest of Long and Double that holds them (the cloud sees JSON anyway).
 */
final class ReplicaCodec {

    private ReplicaCodec() {
    }

    static byte[] encode(Message m) {
        JsonObject o = new JsonObject();
        o.addProperty("id", m.id());
        o.addProperty("source", m.source());
        o.addProperty("topic", m.topic());
        o.addProperty("priority", m.priority().name());
        o.addProperty("ts", m.timestamp().toEpochMilli());
        JsonObject metrics = new JsonObject();
        m.metrics().forEach((k, v) -> metrics.add(k, v instanceof Number n ? new JsonPrimitive(n)
                : v instanceof Boolean b ? new JsonPrimitive(b) : new JsonPrimitive(String.valueOf(v))));
        o.add("metrics", metrics);
        o.addProperty("payload", m.payload());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException for anything that is not a complete message */
    static Message decode(byte[] bytes) {
        try {
            JsonObject o = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, Object> metrics = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
                JsonPrimitive p = e.getValue().getAsJsonPrimitive();
                Object v = p.isBoolean() ? (Object) p.getAsBoolean() : p.isNumber() ? number(p) : p.getAsString();
                metrics.put(e.getKey(), v);
            }
            return new Message(o.get("id").getAsString(), o.get("source").getAsString(), o.get("topic").getAsString(),
                    Priority.valueOf(o.get("priority").getAsString()), Instant.ofEpochMilli(o.get("ts").getAsLong()),
                    metrics, o.get("payload").getAsString());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a replicated message: " + e.getMessage(), e);
        }
    }

    private static Object number(JsonPrimitive p) {
        double d = p.getAsDouble();
        return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) p.getAsLong() : (Object) d;
    }
}
