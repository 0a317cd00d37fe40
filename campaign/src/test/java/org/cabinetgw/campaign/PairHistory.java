package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The pair rows' failover history column: what each gateway of the pair recorded in its own failover history during
 * a trial of bundles/ha's harness. The harness kills its gateways at its end, before the campaign could ask them
 * ({@code GET /failover/history}), but keeps their data directories under its work directory: each node's history is
 * {@code <work>/<node>/failover/history.jsonl} (bundles/failover README, "Failover history"), one line per change of
 * an episode, written as it changes, so a kill -9 loses none of it. The last line of each episode's id is the
 * episode; read so, as the endpoint would answer (newest first), it is summarised by {@link Episodes} like the single
 * gateway's rows, each episode prefixed with its node ("gw-b: active gateway gw-a lost: declared after 87 ms, restored
 * after 468 ms (taken over) [witness confirmed +91 ms, ACTIVE, epoch 2 +122 ms, ...]"), in the trial's window.
 * <p>
 * A takeover must leave its episode on the node that took over (kill -9, SIGSTOP, the active isolated), and the
 * standby's restart its "standby gateway" episode on the active: the row's expected episode, a violation without it.
 */
final class PairHistory {

    /** Each trial's line: the new active (or the active that lost its standby) and the node it lost. */
    private static final Map<String, Pattern> EXPECTED = Map.of(
            PairFaults.KILL, Pattern.compile("^trial 1: killed gw-(?<lost>\\w) mid-burst; gw-(?<node>\\w) declared"),
            PairFaults.STOP, Pattern.compile("^stop 1: froze gw-(?<lost>\\w) mid-burst; gw-(?<node>\\w) ACTIVE"),
            PairIsolation.ISOLATED, Pattern.compile("^isolate 1: gw-(?<lost>\\w) cut from peer and broker;[^;]*; gw-(?<node>\\w) ACTIVE"),
            PairPathFaults.RESTART, Pattern.compile("^restart 1: gw-(?<lost>\\w) killed mid-burst; gw-(?<node>\\w) "));
    /** Each pair row's trial line begins so. */
    private static final Map<String, String> TRIAL = Map.of(PairFaults.KILL, "trial 1: ", PairFaults.STOP, "stop 1: ",
            PairIsolation.ISOLATED, "isolate 1: ", PairPathFaults.RESTART, "restart 1: ", PairPathFaults.CUT_CABLE,
            "cut 1 (cable): ", PairPathFaults.CUT_LAN, "cut 1 (lan): ", PairPathFaults.CUT_ALL, "cut 1 (all): ");

    private PairHistory() {
    }

    /**
     * The rows with their failover history column (and, for a takeover or a lost standby, the episode they must
     * find), from the harness's output (each line stamped as it arrived) and its work directory (null: none).
     */
    static List<Row> withEpisodes(List<Row> rows, List<String> output, List<Long> stamps, Path work) {
        List<Row> out = new ArrayList<>();
        for (Row r : rows) {
            String prefix = TRIAL.get(r.fault());
            int i = prefix == null || r.skipped() != null ? -1 : indexOf(output, prefix);
            PairTrialWindow w = i < 0 ? null : PairPathFaults.window(output, stamps, i);
            if (w == null || work == null) {
                out.add(r);
                continue;
            }
            String expected = null;
            Pattern p = EXPECTED.get(r.fault());
            Matcher m = p == null ? null : p.matcher(output.get(i));
            if (m != null && m.find()) {
                expected = "gw-" + m.group("node") + ": " + (r.fault().equals(PairPathFaults.RESTART) ? "standby gateway gw-"
                        : "active gateway gw-") + m.group("lost") + (r.fault().equals(PairPathFaults.RESTART) ? "" : " lost");
            }
            out.add(new Row(r.round(), r.fault(), r.detectedMillis(), r.action(), r.recoveredMillis(), r.lost(), r.duplicates(),
                    r.logLines(), r.logLinesPerMinute(), r.stackTraces(), r.threadsDelta(), r.fdsDelta(), r.skipped(),
                    episodes(work, w), expected, r.cloudEvents()));
        }
        return out;
    }

    /** Both nodes' episodes first seen inside the window, oldest first per node, each prefixed with its node. */
    static String episodes(Path work, PairTrialWindow w) {
        List<String> all = new ArrayList<>();
        for (String node : List.of("a", "b")) {
            String history = historyJson(read(work.resolve(node).resolve("failover/history.jsonl")));
            // Episodes keeps [since - slack, until - slack): the window itself
            for (String e : Episodes.between(history, w.fromMillis() + Episodes.SLACK_MILLIS,
                    w.toMillis() + Episodes.SLACK_MILLIS)) {
                all.add("gw-" + node + ": " + e);
            }
        }
        return String.join("; ", all);
    }

    /**
     * The history file's lines as {@code GET /failover/history} answers: each episode once (its last line), newest
     * first. A line that is no episode (torn by a kill mid-write, not JSON, no id) is skipped, as the coordinator
     * skips it.
     */
    static String historyJson(List<String> lines) {
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        for (String l : lines) {
            try {
                JsonElement e = JsonParser.parseString(l);
                if (e.isJsonObject() && e.getAsJsonObject().has("id")) {
                    byId.put(e.getAsJsonObject().get("id").getAsString(), e.getAsJsonObject());
                }
            } catch (RuntimeException notAnEpisode) {
                // skipped
            }
        }
        List<JsonObject> episodes = new ArrayList<>(byId.values());
        JsonArray newestFirst = new JsonArray();
        for (int k = episodes.size() - 1; k >= 0; k--) {
            newestFirst.add(episodes.get(k));
        }
        return newestFirst.toString();
    }

    private static int indexOf(List<String> output, String prefix) {
        for (int i = 0; i < output.size(); i++) {
            if (output.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
