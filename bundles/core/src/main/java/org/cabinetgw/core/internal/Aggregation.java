package org.cabinetgw.core.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;

/** Pure aggregation of component health into the cabinet's: the worst state wins, every non-UP one is named. */
final class Aggregation {

    private Aggregation() {
    }

    /**
     * @param components every component's current health
     * @param previous   the last aggregate, so an unchanged state keeps its {@code since}
     * @param now        the time a new state begins
     */
    static CabinetHealth aggregate(Map<String, Health> components, CabinetHealth previous, Instant now) {
        Map<String, Health> sorted = new TreeMap<>(components);
        HealthState worst = HealthState.UP;
        for (Map.Entry<String, Health> e : sorted.entrySet()) {
            worst = worst.worst(impact(e.getKey(), e.getValue().state()));
        }
        List<Map.Entry<String, Health>> notUp = sorted.entrySet().stream()
                .filter(e -> e.getValue().state() != HealthState.UP)
                .sorted((a, b) -> b.getValue().state().compareTo(a.getValue().state())).toList();
        List<String> own = notUp.stream().map(e -> render(e.getKey(), e.getValue().state(), e.getValue().reason()))
                .toList();
        String reason = notUp.stream()
                .map(e -> render(e.getKey(), e.getValue().state(), withoutOthers(e.getValue().reason(), own)))
                .collect(Collectors.joining("; "));
        // "since" is when the cabinet entered this state; a new reason within the same state keeps it.
        Instant since = previous != null && previous.overall().state() == worst ? previous.overall().since() : now;
        Health overall = new Health(worst, reason, since);
        return new CabinetHealth(overall, sorted);
    }

    private static String render(String name, HealthState state, String reason) {
        return name + " " + state + (reason.isEmpty() ? "" : ": " + reason);
    }

    /**
     * A reason that quotes other components' entries word for word (the failover coordinator's cabinet state
     * names what it saw) loses those quotes here: each is in the list already, and read twice it said
     * "uplink DEGRADED: X; uplink DEGRADED: X".
     */
    static String withoutOthers(String reason, List<String> entries) {
        String r = reason;
        for (String entry : entries) {
            if (!entry.isEmpty() && r.contains(entry)) {
                r = r.replace("; " + entry, "").replace(entry + "; ", "").replace(entry, "");
            }
        }
        r = r.strip();
        while (r.endsWith(";") || r.endsWith(",")) {
            r = r.substring(0, r.length() - 1).strip();
        }
        return r;
    }

    /**
     * Two entries under one name (a configuration refused by the Metatype check and by its component: both
     * {@code config:<pid>}) are one entry: the worse state, and both reasons where they differ, so neither is hidden.
     */
    static Health combine(Health a, Health b) {
        int order = a.state().compareTo(b.state());
        if (order != 0) {
            return order > 0 ? a : b;
        }
        if (b.reason().isEmpty() || a.reason().contains(b.reason())) {
            return a;
        }
        if (a.reason().isEmpty() || b.reason().contains(a.reason())) {
            return b;
        }
        String second = b.reason().startsWith(REFUSED) && a.reason().startsWith(REFUSED)
                ? b.reason().substring(REFUSED.length()) : b.reason();
        return new Health(a.state(), a.reason() + "; " + second, a.since().isBefore(b.since()) ? a.since() : b.since());
    }

    private static final String REFUSED = "configuration refused: ";

    /**
     * What a component's state does to the cabinet's. A refused configuration ({@code config:<pid>}: one meter,
     * one link, one rule that does not run) is DOWN in its own entry, but the cabinet is DEGRADED by it, not
     * DOWN: the rest of the gateway works, and a liveness probe must not restart it for a typo. What the
     * missing component meant for the cabinet, its neighbours' entries say (the uplink without its transport
     * is DOWN by itself). Likewise one meter that answers nothing ({@code power.meter.<name>} DOWN): the meter is
     * out, the gateway is not; what it means for the cabinet's power, {@code failover.cabinet} says.
     */
    static HealthState impact(String component, HealthState state) {
        if ((component.startsWith("config:") || component.startsWith("power.meter.")) && state == HealthState.DOWN) {
            return HealthState.DEGRADED;
        }
        return state;
    }
}
