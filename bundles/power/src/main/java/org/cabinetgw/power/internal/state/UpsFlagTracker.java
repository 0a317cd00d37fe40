package org.cabinetgw.power.internal.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The UPS's own "on battery" flag, debounced like a source getting worse: it counts only once readings have
 * shown it for the loss delay. UPSes test themselves (a few hundred milliseconds on battery with mains
 * present), and such a self-test is not an outage. Back on line counts at once: the UPS returns to line only
 * after its own input qualification accepted the input. No fresh reading: not known, at once.
 */
final class UpsFlagTracker {

    private Boolean onBattery; // null: not known
    private Instant batterySince; // first reading of the current run of "on battery" readings

    /** Feeds one evaluation; returns the debounced flag, empty when not known. */
    Optional<Boolean> update(Optional<Boolean> raw, Instant readAt, Duration lossDelay, Instant now) {
        if (raw.isEmpty()) {
            onBattery = null;
            batterySince = null;
            return Optional.empty();
        }
        Instant at = readAt == null ? now : readAt;
        if (!raw.get()) {
            onBattery = false;
            batterySince = null;
            return Optional.of(false);
        }
        if (batterySince == null) {
            batterySince = at;
        }
        if (!Boolean.TRUE.equals(onBattery) && Duration.between(batterySince, at).compareTo(lossDelay) >= 0) {
            onBattery = true;
        }
        return Optional.ofNullable(onBattery);
    }

    /** True while the readings say "on battery" but not yet for the loss delay. */
    boolean confirming() {
        return batterySince != null && !Boolean.TRUE.equals(onBattery);
    }

    /** When the readings began to say "on battery" (the first of them); null when they do not. */
    Instant batterySince() {
        return batterySince;
    }
}
