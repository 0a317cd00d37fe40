package org.cabinetgw.campaign;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** One /health document: the cabinet's status and each component's status and reason. */
record Health(String status, Map<String, String> statuses, Map<String, String> reasons) {

    static Health parse(String body) {
        JsonObject root = JsonParser.parseString(body).getAsJsonObject();
        Map<String, String> statuses = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        if (root.has("components")) {
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("components").entrySet()) {
                JsonObject c = e.getValue().getAsJsonObject();
                statuses.put(e.getKey(), c.has("status") ? c.get("status").getAsString() : "?");
                reasons.put(e.getKey(), c.has("reason") && !c.get("reason").isJsonNull() ? c.get("reason").getAsString() : "");
            }
        }
        return new Health(root.has("status") ? root.get("status").getAsString() : "?", statuses, reasons);
    }

    String status(String component) {
        return statuses.getOrDefault(component, "ABSENT");
    }

    String reason(String component) {
        return reasons.getOrDefault(component, "");
    }

    boolean up(String component) {
        return "UP".equals(status(component));
    }

    /**
     * The components whose status differs from {@code baseline}'s ("name: BASE -> NOW"), empty when none does. A
     * component that works again but holds DEGRADED on purpose for a while counts as recovered: a Modbus line that
     * reconnected more than 5 times in 5 minutes is reported "unsteady" until the window has passed (bundles/power),
     * and waiting for that would measure the window, not the gateway. A component UP now that was not at the
     * baseline counts as recovered too: what held it down then went away meanwhile (a 30-minute run's baseline was
     * taken while the machine's disk had less than 10 % free, so storage.fs.root was DEGRADED; space freed by someone
     * else made every later row "never recovered: storage.fs.root: DEGRADED -> UP").
     */
    String differencesFrom(Health baseline) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : baseline.statuses.entrySet()) {
            if (differs(baseline, e.getKey())) {
                b.append(b.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue()).append(" -> ")
                        .append(status(e.getKey()));
            }
        }
        return b.toString();
    }

    /** Whether {@code component}'s status differs from the baseline's, as {@link #differencesFrom} counts it. */
    boolean differs(Health baseline, String component) {
        return changed(baseline, component) && !reason(component).contains("is unsteady") && !up(component);
    }

    /**
     * Whether {@code component}'s status is not the baseline's, an "unsteady" line too: what the gateway says while
     * a fault lasts (the row's action). An unsteady line stands for a total outage as well (bundles/power: one
     * sentence for a line that fails some polls and one that fails all), so hiding it there hid a dead meter.
     */
    boolean changed(Health baseline, String component) {
        return !status(component).equals(baseline.status(component));
    }
}
