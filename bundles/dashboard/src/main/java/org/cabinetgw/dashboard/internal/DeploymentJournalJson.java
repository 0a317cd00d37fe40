package org.cabinetgw.dashboard.internal;

import java.util.List;

import org.cabinetgw.deploy.DeployEvents;
import org.cabinetgw.deploy.DeploymentHistory;
import org.cabinetgw.deploy.DeploymentRecord;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The software section's deployment journal, one shape from either source: the deploy bundle's
 * {@link DeploymentHistory} (every deployment, also those before the dashboard started) when it is there, else the
 * deploy events the dashboard saw since it started. Entries: at, result, package, version, previousVersion,
 * requester, reason, tookMs.
 */
final class DeploymentJournalJson {

    /** Journal entries the page gets (newest first). */
    static final int ENTRIES = EventLog.PER_KIND;
    static final String FROM_JOURNAL = "journal";
    static final String FROM_EVENTS = "events since the dashboard started";

    private DeploymentJournalJson() {
    }

    /** Adds {@code journal} and {@code journalSource} to the section. */
    static void add(JsonObject section, DeploymentHistory history, JsonArray deployEvents) {
        if (history != null) {
            section.add("journal", fromHistory(history.recent(ENTRIES)));
            section.addProperty("journalSource", FROM_JOURNAL);
        } else {
            section.add("journal", fromEvents(deployEvents));
            section.addProperty("journalSource", FROM_EVENTS);
        }
    }

    static JsonArray fromHistory(List<DeploymentRecord> records) {
        JsonArray a = new JsonArray();
        for (DeploymentRecord r : records) {
            JsonObject j = new JsonObject();
            j.addProperty("at", r.time() == null ? null : r.time().toEpochMilli());
            j.addProperty("result", cut(r.result()));
            j.addProperty("action", cut(r.action()));
            j.addProperty("package", cut(r.packageName()));
            j.addProperty("version", cut(r.version()));
            j.addProperty("previousVersion", cut(r.previousVersion()));
            j.addProperty("requester", cut(r.requester()));
            j.addProperty("reason", cut(r.reason()));
            j.addProperty("tookMs", r.totalMillis() < 0 ? null : r.totalMillis());
            a.add(j);
        }
        return a;
    }

    /** The deploy events (EventJson's shape) as journal entries; STARTED is a job beginning: IN_PROGRESS. */
    static JsonArray fromEvents(JsonArray events) {
        JsonArray a = new JsonArray();
        for (JsonElement e : events) {
            JsonObject ev = e.getAsJsonObject();
            JsonObject x = ev.getAsJsonObject("props");
            String topic = ev.get("topic").getAsString();
            String result = topic.substring(topic.lastIndexOf('/') + 1);
            JsonObject j = new JsonObject();
            j.add("at", ev.get("at"));
            j.addProperty("result", result.equals("STARTED") ? DeploymentRecord.IN_PROGRESS : result);
            j.addProperty("package", text(x, DeployEvents.PACKAGE));
            j.addProperty("version", text(x, DeployEvents.VERSION));
            j.addProperty("previousVersion", text(x, DeployEvents.PREVIOUS_VERSION));
            j.addProperty("requester", text(x, DeployEvents.REQUESTER));
            j.addProperty("reason", text(x, DeployEvents.REASON));
            j.add("tookMs", x != null && x.has(DeployEvents.DURATION_MS) ? x.get(DeployEvents.DURATION_MS) : null);
            a.add(j);
        }
        return a;
    }

    /** Journal lines come from disk: a value as long as EventJson allows, no longer. */
    private static String cut(String s) {
        return s.length() > EventJson.MAX_TEXT ? s.substring(0, EventJson.MAX_TEXT) + "…" : s;
    }

    private static String text(JsonObject props, String key) {
        JsonElement v = props == null ? null : props.get(key);
        return v == null || v.isJsonNull() ? "" : v.isJsonPrimitive() ? v.getAsString() : v.toString();
    }
}
