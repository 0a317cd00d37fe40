package org.cabinetgw.power.internal.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalDouble;

import org.cabinetgw.power.SourceState;

/**
 * The state of one source with hysteresis and minimum durations. A new condition becomes the state only
 * after it has lasted the loss delay (worse) or the restore delay (back to AVAILABLE); a condition that
 * flickers back in between restarts the clock, so a dip shorter than the delay never shows.
 */
final class SourceTracker {

    /** A committed change: from, to, when the condition was first seen, why. */
    record Change(SourceState from, SourceState to, Instant since, String reason) {
    }

    private SourceState state = SourceState.UNKNOWN;
    private SourceState candidate;
    private Instant candidateSince;
    private String candidateReason = "";

    SourceState state() {
        return state;
    }

    /** Feeds one evaluation; returns the change when one is committed now, else null. */
    Change update(boolean metered, OptionalDouble voltage, OptionalDouble frequency, Thresholds t, Instant now) {
        String[] reason = new String[1];
        SourceState raw = classify(metered, voltage, frequency, t, reason);
        if (raw == state) {
            candidate = null;
            return null;
        }
        if (raw != candidate) {
            candidate = raw;
            candidateSince = now;
            candidateReason = reason[0];
        }
        Duration delay = raw == SourceState.AVAILABLE && state != SourceState.UNKNOWN ? t.restoreDelay() : t.lossDelay();
        if (Duration.between(candidateSince, now).compareTo(delay) < 0) {
            return null;
        }
        Change c = new Change(state, raw, candidateSince, candidateReason);
        state = raw;
        candidate = null;
        return c;
    }

    private SourceState classify(boolean metered, OptionalDouble voltage, OptionalDouble frequency, Thresholds t,
            String[] reason) {
        if (!metered || voltage.isEmpty()) {
            reason[0] = metered ? "no fresh reading" : "no meter";
            return SourceState.UNKNOWN;
        }
        double v = voltage.getAsDouble();
        if (v < t.voltageLost()) {
            reason[0] = String.format(Locale.ROOT, "voltage %.1f V below %.1f V", v, t.voltageLost());
            return SourceState.LOST;
        }
        // hysteresis: while AVAILABLE the full band applies; to become AVAILABLE the narrower one
        double shrinkV = state == SourceState.AVAILABLE ? 0 : t.voltageHysteresis();
        double shrinkF = state == SourceState.AVAILABLE ? 0 : t.frequencyHysteresis();
        if (v < t.voltageMin() + shrinkV || v > t.voltageMax() - shrinkV) {
            reason[0] = String.format(Locale.ROOT, "voltage %.1f V outside %.1f-%.1f V", v, t.voltageMin() + shrinkV,
                    t.voltageMax() - shrinkV);
            return SourceState.DEGRADED;
        }
        if (frequency.isPresent()) {
            double f = frequency.getAsDouble();
            if (f < t.frequencyMin() + shrinkF || f > t.frequencyMax() - shrinkF) {
                reason[0] = String.format(Locale.ROOT, "frequency %.2f Hz outside %.2f-%.2f Hz", f,
                        t.frequencyMin() + shrinkF, t.frequencyMax() - shrinkF);
                return SourceState.DEGRADED;
            }
        }
        reason[0] = String.format(Locale.ROOT, "voltage %.1f V%s in band", v,
                frequency.isPresent() ? String.format(Locale.ROOT, " and %.2f Hz", frequency.getAsDouble()) : "");
        return SourceState.AVAILABLE;
    }
}
