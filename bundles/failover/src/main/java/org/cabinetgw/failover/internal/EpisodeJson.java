package org.cabinetgw.failover.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * An episode as one JSON object: times as epoch milliseconds and ISO text, durations in milliseconds,
 * so a person and a program both read it. Written by hand, not by reflection, so the format does not change
 * when the record does.
 */
final class EpisodeJson {

    private EpisodeJson() {
    }

    static JsonObject toJson(Episode e) {
        JsonObject o = new JsonObject();
        o.addProperty("id", e.id());
        o.addProperty("dimension", e.dimension().name());
        o.addProperty("what", e.what());
        time(o, "firstSeen", e.firstSeen());
        time(o, "declared", e.declared());
        JsonArray actions = new JsonArray();
        for (EpisodeAction a : e.actions()) {
            JsonObject j = new JsonObject();
            j.addProperty("at", a.at().toEpochMilli());
            j.addProperty("what", a.what());
            actions.add(j);
        }
        o.add("actions", actions);
        time(o, "restored", e.restored());
        o.addProperty("outcome", e.outcome());
        e.detection().ifPresent(d -> o.addProperty("detectionMillis", d.toMillis()));
        e.toFirstAction().ifPresent(d -> o.addProperty("firstActionMillis", d.toMillis()));
        e.outage().ifPresent(d -> o.addProperty("outageMillis", d.toMillis()));
        return o;
    }

    static String write(Episode e) {
        return toJson(e).toString();
    }

    /** Parses one line; throws IllegalArgumentException for anything that is not a complete episode. */
    static Episode read(String line) {
        try {
            JsonElement el = JsonParser.parseString(line);
            if (!el.isJsonObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            JsonObject o = el.getAsJsonObject();
            List<EpisodeAction> actions = new ArrayList<>();
            JsonElement a = o.get("actions");
            if (a != null && a.isJsonArray()) {
                for (JsonElement x : a.getAsJsonArray()) {
                    JsonObject j = x.getAsJsonObject();
                    actions.add(new EpisodeAction(Instant.ofEpochMilli(j.get("at").getAsLong()), j.get("what").getAsString()));
                }
            }
            return new Episode(string(o, "id"), Dimension.valueOf(string(o, "dimension")), string(o, "what"),
                    requireTime(o, "firstSeen"), time(o, "declared"), actions, time(o, "restored"),
                    o.has("outcome") ? o.get("outcome").getAsString() : "");
        } catch (RuntimeException e) {
            // Gson throws several unchecked types (syntax, state, number format); one type for the caller.
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static void time(JsonObject o, String key, Instant t) {
        if (t != null) {
            o.addProperty(key, t.toEpochMilli());
            o.addProperty(key + "Iso", t.toString());
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("missing " + key);
        }
        return e.getAsString();
    }

    private static Instant requireTime(JsonObject o, String key) {
        Instant t = time(o, key);
        if (t == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return t;
    }

    private static Instant time(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : Instant.ofEpochMilli(e.getAsLong());
    }
}
