package org.cabinetgw.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What the gateway's failover history ({@code GET /failover/history}, bundles/failover) recorded about a fault:
 * the episodes first seen since its injection, each with the timings the coordinator measured itself. The issue asks
 * that "the failover history records the episode with its timings"; this is how the campaign reads it, as an
 * integrator's script would, from the gateway's own answer.
 */
final class Episodes {

    /** The coordinator may date its first sight a little before the campaign's clock read at injection. */
    static final long SLACK_MILLIS = 1000;

    private static final Pattern TIMED = Pattern.compile("(.+) \\(\\+(\\d+) ms\\)");

    private Episodes() {
    }

    /**
     * The episodes of {@code historyJson} first seen at or after {@code sinceMillis} (less {@link #SLACK_MILLIS}),
     * oldest first, each as "what: declared after D ms, restored after R ms (outcome)"; a drill's episodes are the
     * campaign's own doing and left out. Empty when there is none or the document is not a history.
     */
    static List<String> since(String historyJson, long sinceMillis) {
        return between(historyJson, sinceMillis, Long.MAX_VALUE);
    }

    /** As {@link #since}, the episodes first seen before {@code untilMillis} (less the slack: the next fault's). */
    static List<String> between(String historyJson, long sinceMillis, long untilMillis) {
        List<String> out = new ArrayList<>();
        if (historyJson == null) {
            return out;
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(historyJson);
        } catch (RuntimeException e) {
            return out;
        }
        if (!root.isJsonArray()) {
            return out;
        }
        for (JsonElement el : root.getAsJsonArray()) {
            if (!el.isJsonObject()) {
                continue;
            }
            JsonObject e = el.getAsJsonObject();
            String what = text(e, "what");
            long firstSeen = e.has("firstSeen") ? e.get("firstSeen").getAsLong() : Long.MIN_VALUE;
            if (firstSeen < sinceMillis - SLACK_MILLIS || firstSeen >= untilMillis - SLACK_MILLIS
                    || what.startsWith("drill ")) {
                continue;
            }
            StringBuilder b = new StringBuilder(what).append(": ");
            b.append(e.has("detectionMillis") ? "declared after " + e.get("detectionMillis").getAsLong() + " ms"
                    : "not declared");
            b.append(e.has("outageMillis") ? ", restored after " + e.get("outageMillis").getAsLong() + " ms"
                    : ", not restored");
            String outcome = text(e, "outcome");
            if (!outcome.isEmpty()) {
                b.append(" (").append(outcome).append(')');
            }
            String timed = timedActions(e);
            if (!timed.isEmpty()) {
                b.append(" [").append(timed).append(']');
            }
            out.add(0, b.toString()); // the history is newest first
        }
        return out;
    }

    /**
     * The actions the coordinator timed from the first sight ("... (+N ms)": a pair's takeover, bundles/failover
     * README "Failover history"), shortened: "witness confirmed +91 ms, ACTIVE, epoch 2 +122 ms, MQTT up +150 ms, first
     * ack +468 ms". Other actions carry no time and are left out.
     */
    static String timedActions(JsonObject episode) {
        List<String> out = new ArrayList<>();
        if (episode.has("actions") && episode.get("actions").isJsonArray()) {
            for (JsonElement a : episode.getAsJsonArray("actions")) {
                String what = a.isJsonObject() ? text(a.getAsJsonObject(), "what") : "";
                Matcher m = TIMED.matcher(what);
                if (m.matches()) {
                    out.add(shortened(m.group(1)) + " +" + m.group(2) + " ms");
                }
            }
        }
        return String.join(", ", out);
    }

    private static String shortened(String action) {
        if (action.startsWith("the witness confirmed")) {
            return "witness confirmed";
        }
        if (action.startsWith("this node ")) {
            return action.substring("this node ".length());
        }
        int replayed = action.indexOf(" message(s) ");
        if (replayed > 0 && action.contains("replayed")) {
            return action.substring(0, replayed) + " replayed";
        }
        if (action.startsWith("uplink MQTT transport up")) {
            return "MQTT up";
        }
        if (action.startsWith("first message acknowledged")) {
            return "first ack";
        }
        return action;
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : "";
    }
}
