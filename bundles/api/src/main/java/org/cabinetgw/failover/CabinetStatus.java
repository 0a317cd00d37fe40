package org.cabinetgw.failover;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The cabinet's state and the redundancy it has lost.
 *
 * @param state    the worst severity of the findings; NORMAL when there are none
 * @param since    when the cabinet entered {@link #state}
 * @param findings what is lost, ordered by dimension then severity (worst first)
 */
public record CabinetStatus(CabinetState state, Instant since, List<Finding> findings) {

    public CabinetStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        findings = List.copyOf(findings);
    }

    /** The phrases of the lost redundancy, per dimension (only dimensions with findings). */
    public Map<Dimension, List<String>> lostByDimension() {
        Map<Dimension, List<String>> out = new EnumMap<>(Dimension.class);
        for (Finding f : findings) {
            out.computeIfAbsent(f.dimension(), d -> new java.util.ArrayList<>()).add(f.phrase());
        }
        out.replaceAll((d, l) -> List.copyOf(l));
        return out;
    }

    /** One line: the phrases joined by "; ", empty when NORMAL. */
    public String summary() {
        return findings.stream().map(Finding::phrase).collect(Collectors.joining("; "));
    }
}
