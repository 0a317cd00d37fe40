package org.cabinetgw.core.internal;

import java.time.Instant;
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
        for (Health h : sorted.values()) {
            worst = worst.worst(h.state());
        }
        String reason = sorted.entrySet().stream()
                .filter(e -> e.getValue().state() != HealthState.UP)
                .sorted((a, b) -> b.getValue().state().compareTo(a.getValue().state()))
                .map(e -> e.getKey() + " " + e.getValue().state()
                        + (e.getValue().reason().isEmpty() ? "" : ": " + e.getValue().reason()))
                .collect(Collectors.joining("; "));
        // "since" is when the cabinet entered this state; a new reason within the same state keeps it.
        Instant since = previous != null && previous.overall().state() == worst ? previous.overall().since() : now;
        Health overall = new Health(worst, reason, since);
        return new CabinetHealth(overall, sorted);
    }
}
