package org.cabinetgw.power;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Duration;

/**
 * The cabinet's power situation as the power-state component derived it.
 *
 * @param state        which source feeds the cabinet
 * @param since        when {@link #state} began
 * @param sources      state of each source role (MAINS, GENERATOR) that has a meter
 * @param lastTransfer the last transfer either way, if any: from the first reading that showed mains lost to the
 *                     generator feeding, or from the first that showed mains back to mains feeding again
 * @param lastBridge   how long the UPS bridged the last time it did, if any
 * @param returning    the source roles whose readings are live again after they were LOST, while their restore
 *                     delay runs: {@link #sources} still says LOST until it has passed, yet {@link #state} may already
 *                     say the cabinet is fed by one of them (the UPS, read fresh, says it is on line). Since 1.2.
 */
public record PowerStatus(PowerState state, Instant since, Map<MeterRole, SourceState> sources,
        Optional<Duration> lastTransfer, Optional<Duration> lastBridge, Set<MeterRole> returning) {

    public PowerStatus {
        sources = Map.copyOf(sources);
        returning = Set.copyOf(returning);
    }

    /** No source returning (the constructor of 1.1). */
    public PowerStatus(PowerState state, Instant since, Map<MeterRole, SourceState> sources,
            Optional<Duration> lastTransfer, Optional<Duration> lastBridge) {
        this(state, since, sources, lastTransfer, lastBridge, Set.of());
    }
}
