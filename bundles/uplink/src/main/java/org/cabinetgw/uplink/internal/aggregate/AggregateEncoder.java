package org.cabinetgw.uplink.internal.aggregate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * Turns one series of a finished window into a message (schema in the README, "Aggregates"):
 *
 * <pre>
 * {"id":"...","ts":"&lt;window end&gt;","source":"power.meter.mains","topic":"power/mains/aggregate",
 *  "priority":"TELEMETRY","metrics":{"voltage":229.8},
 *  "aggregate":{"topic":"power/mains","windowStart":"..","windowEnd":"..","from":"..","count":300,
 *               "firstTs":"..","lastTs":"..","droppedValues":0,"droppedMessages":0,
 *               "metrics":{"voltage":{"count":300,"numeric":300,"min":228.1,"max":231.0,"mean":229.7,"last":229.8}}}}
 * </pre>
 *
 * The envelope is the ordinary message schema, so anything that reads messages reads this one; its
 * {@code metrics} are the last values (what a dashboard showing "current value" wants), the window's
 * statistics are under {@code aggregate}. The topic gets the suffix {@code /aggregate} so subscribers of
 * the raw topic never see a message of another shape and a dashboard can subscribe to summaries alone.
 */
public final class AggregateEncoder {

    public static final String TOPIC_SUFFIX = "/aggregate";

    private AggregateEncoder() {
    }

    public static QueuedMessage encode(String instanceId, WindowSummary w, SeriesStats s, long windowMillis) {
        String id = id(instanceId, s.source(), s.topic(), w.startMillis(), windowMillis, w.relabel());
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("ts", iso(w.endMillis()));
        o.addProperty("source", s.source());
        String topic = s.topic() + TOPIC_SUFFIX;
        o.addProperty("topic", topic);
        o.addProperty("priority", Priority.TELEMETRY.name());
        JsonObject lastValues = new JsonObject();
        JsonObject stats = new JsonObject();
        for (Map.Entry<String, MetricStats> e : s.metrics().entrySet()) {
            MetricStats m = e.getValue();
            lastValues.add(e.getKey(), value(m.last()));
            JsonObject ms = new JsonObject();
            ms.addProperty("count", m.count());
            ms.addProperty("numeric", m.numeric());
            if (m.numeric() > 0) {
                ms.addProperty("min", m.min());
                ms.addProperty("max", m.max());
                ms.addProperty("mean", m.mean());
            }
            if (m.nonFinite() > 0) {
                ms.addProperty("nonFinite", m.nonFinite());
            }
            ms.add("last", value(m.last()));
            stats.add(e.getKey(), ms);
        }
        o.add("metrics", lastValues);
        JsonObject a = new JsonObject();
        a.addProperty("topic", s.topic());
        a.addProperty("windowStart", iso(w.startMillis()));
        a.addProperty("windowEnd", iso(w.endMillis()));
        a.addProperty("from", iso(Math.max(w.startMillis(), w.fromMillis())));
        a.addProperty("count", s.count());
        a.addProperty("firstTs", DateTimeFormatter.ISO_INSTANT.format(s.firstTs()));
        a.addProperty("lastTs", DateTimeFormatter.ISO_INSTANT.format(s.lastTs()));
        a.addProperty("droppedValues", s.droppedValues());
        a.addProperty("droppedMessages", w.droppedMessages());
        a.add("metrics", stats);
        o.add("aggregate", a);
        return new QueuedMessage(0, id, Priority.TELEMETRY, topic, o.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    /** As the message encoder does: NaN and infinities become null, numbers stay exact, the rest text. */
    private static com.google.gson.JsonElement value(Object v) {
        if (v instanceof Double d && !Double.isFinite(d) || v instanceof Float f && !Float.isFinite(f)) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (v instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        return v == null ? JsonNull.INSTANCE : new JsonPrimitive(String.valueOf(v));
    }

    private static String iso(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The same gateway, series and window always give the same id: the summary of a window that is sent
     * again (after a restart, over another transport) is recognisably the same message. The gateway's
     * instance id keeps two gateways with the same source names apart. Layout: the window start in the
     * first 48 bits (ids sort by time, as the other messages' version-7 ids do), version 8 (RFC 9562,
     * custom), the rest from SHA-256 of the inputs.
     */
    static String id(String instanceId, String source, String topic, long windowStart, long windowMillis,
            int relabel) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        // lengths first, so ("ab","c") and ("a","bc") cannot hash alike
        for (String part : new String[] { "cabinetgw-aggregate-v1", instanceId, source, topic }) {
            byte[] b = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
            sha.update(b);
        }
        sha.update(ByteBuffer.allocate(20).putLong(windowStart).putLong(windowMillis).putInt(relabel).array());
        ByteBuffer h = ByteBuffer.wrap(sha.digest());
        long msb = (windowStart << 16) | 0x8000L | (h.getShort() & 0x0FFFL);
        long lsb = (h.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
