package org.cabinetgw.power;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.time.Duration;

/**
 * The cabinet's power situation as the power-state component derived it.
 *
 * @param state        which source feeds the cabinet
 * @param since        when {@link #state} began
 * @param sources      state of each source role (MAINS, GENERATOR) that has a meter
 * @param lastTransfer time from mains lost to generator feeding, of the last such transfer, if any
 * @param lastBridge   how long the UPS bridged the last time it did, if any
 */
public record PowerStatus(PowerState state, Instant since, Map<MeterRole, SourceState> sources,
        Optional<Duration> lastTransfer, Optional<Duration> lastBridge) {

    public PowerStatus {
        sources = Map.copyOf(sources);
    }
}
