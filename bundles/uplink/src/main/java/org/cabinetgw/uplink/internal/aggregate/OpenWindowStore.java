package org.cabinetgw.uplink.internal.aggregate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.support.internal.data.DurableFile;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Keeps the open aggregate window across an orderly stop (a configuration change, a bundle update, a
 * service restart): saved by the stopping uplink, taken over and deleted by the next one. Then the window
 * still yields one aggregate per series covering the time before and after the stop. After a crash there
 * is no file, and the window's summary covers only the time since the restart (see the README).
 *
 * <p>The file is written to a temporary name, fsync'd and renamed, so it is either whole or absent; a file
 * that does not parse (damage, a hostile edit) is ignored and deleted: the summary is derived data, the raw
 * telemetry is in the queue.
 */
public final class OpenWindowStore {

    private static final int VERSION = 1;
    /** Larger than any window the limits allow (series, metrics, names and strings are all bounded). */
    private static final long MAX_FILE_BYTES = 256L << 20;

    private OpenWindowStore() {
    }

    public static void save(Path file, WindowSummary w) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("version", VERSION);
        o.addProperty("start", w.startMillis());
        o.addProperty("end", w.endMillis());
        o.addProperty("from", w.fromMillis());
        o.addProperty("relabel", w.relabel());
        o.addProperty("droppedMessages", w.droppedMessages());
        JsonArray series = new JsonArray();
        for (SeriesStats s : w.series()) {
            JsonObject so = new JsonObject();
            so.addProperty("source", s.source());
            so.addProperty("topic", s.topic());
            so.addProperty("count", s.count());
            so.addProperty("droppedValues", s.droppedValues());
            so.addProperty("firstTs", s.firstTs().toString());
            so.addProperty("lastTs", s.lastTs().toString());
            JsonArray metrics = new JsonArray();
            for (Map.Entry<String, MetricStats> e : s.metrics().entrySet()) {
                MetricStats m = e.getValue();
                JsonObject mo = new JsonObject();
                mo.addProperty("name", e.getKey());
                mo.addProperty("count", m.count());
                mo.addProperty("numeric", m.numeric());
                mo.addProperty("nonFinite", m.nonFinite());
                // as text: Gson writes no NaN or infinity, and min/max start as infinities
                mo.addProperty("min", Double.toString(m.min()));
                mo.addProperty("max", Double.toString(m.max()));
                mo.addProperty("mean", Double.toString(m.mean()));
                mo.add("last", typed(m.last()));
                mo.addProperty("lastTs", m.lastTs().toString());
                metrics.add(mo);
            }
            so.add("metrics", metrics);
            series.add(so);
        }
        o.add("series", series);
        // saved while the uplink is deactivated, possibly from an interrupted thread: a stream's write survives it
        DurableFile.replace(file, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and deletes the saved window; null when there is none. Throws IllegalArgumentException (after
     * deleting the file) when it is damaged, naming what is wrong.
     */
    public static WindowSummary take(Path file, int maxSeries, int maxMetrics) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), maxSeries, maxMetrics);
        } catch (RuntimeException e) {
            // JsonParseException, IllegalStateException (wrong JSON types), NumberFormatException, DateTimeParseException ...
            throw new IllegalArgumentException(file + " is damaged: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static WindowSummary parse(String text, int maxSeries, int maxMetrics) {
        JsonObject o = JsonParser.parseString(text).getAsJsonObject();
        if (o.get("version").getAsInt() != VERSION) {
            throw new IllegalArgumentException("version " + o.get("version"));
        }
        List<SeriesStats> series = new ArrayList<>();
        long dropped = o.get("droppedMessages").getAsLong();
        for (JsonElement se : o.getAsJsonArray("series")) {
            JsonObject so = se.getAsJsonObject();
            if (series.size() >= maxSeries) {
                // saved under a higher limit than the one configured now: the limit holds
                dropped += so.get("count").getAsLong();
                continue;
            }
            Map<String, MetricStats> metrics = new LinkedHashMap<>();
            for (JsonElement me : so.getAsJsonArray("metrics")) {
                JsonObject mo = me.getAsJsonObject();
                if (metrics.size() >= maxMetrics) {
                    break;
                }
                metrics.put(mo.get("name").getAsString(), MetricStats.restore(mo.get("count").getAsLong(),
                        mo.get("numeric").getAsLong(), mo.get("nonFinite").getAsLong(),
                        Double.parseDouble(mo.get("min").getAsString()), Double.parseDouble(mo.get("max").getAsString()),
                        Double.parseDouble(mo.get("mean").getAsString()), untyped(mo.getAsJsonObject("last")),
                        Instant.parse(mo.get("lastTs").getAsString())));
            }
            series.add(SeriesStats.restore(so.get("source").getAsString(), so.get("topic").getAsString(), maxMetrics,
                    so.get("count").getAsLong(), so.get("droppedValues").getAsLong(),
                    Instant.parse(so.get("firstTs").getAsString()), Instant.parse(so.get("lastTs").getAsString()),
                    metrics));
        }
        return new WindowSummary(o.get("start").getAsLong(), o.get("end").getAsLong(), o.get("from").getAsLong(),
                o.get("relabel").getAsInt(), series, dropped);
    }

    /** A last value with its kind, so a long stays a long and a huge number stays exact. */
    private static JsonObject typed(Object v) {
        JsonObject o = new JsonObject();
        if (v instanceof Boolean b) {
            o.addProperty("t", "b");
            o.addProperty("v", b);
        } else if (v instanceof Double || v instanceof Float) {
            o.addProperty("t", "d");
            o.addProperty("v", Double.toString(((Number) v).doubleValue()));
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            o.addProperty("t", "l");
            o.addProperty("v", ((Number) v).longValue());
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            o.addProperty("t", "n");
            o.addProperty("v", v.toString());
        } else if (v instanceof Number n) {
            o.addProperty("t", "d");
            o.addProperty("v", Double.toString(n.doubleValue()));
        } else {
            o.addProperty("t", "s");
            o.addProperty("v", String.valueOf(v));
        }
        return o;
    }

    private static Object untyped(JsonObject o) {
        String v = o.get("v").getAsString();
        return switch (o.get("t").getAsString()) {
            case "b" -> Boolean.parseBoolean(v);
            case "d" -> Double.parseDouble(v);
            case "l" -> Long.parseLong(v);
            case "n" -> new BigDecimal(v);
            case "s" -> v;
            default -> throw new IllegalArgumentException("value type " + o.get("t"));
        };
    }
}
