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
 *
 * <p>How long a condition lasted is measured between the readings that show it, not between evaluations:
 * one reading is held until the next poll, and a blip caught by a single poll must not look as long as the
 * poll interval. A silence (no fresh reading) is measured on the evaluation clock.
 */
final class SourceTracker {

    /** A committed change: from, to, when the condition was first seen, why. */
    record Change(SourceState from, SourceState to, Instant since, String reason) {
    }

    private SourceState state = SourceState.UNKNOWN;
    private String reason = "not read yet";
    private boolean known; // was ever AVAILABLE, DEGRADED or LOST: leaving UNKNOWN then is a restore
    private boolean metered;
    private SourceState candidate;
    private Instant candidateSince;
    private String candidateReason = "";
    private boolean rawLive;
    private Instant liveFlip; // first reading of the current run of live (or of not live) readings

    SourceState state() {
        return state;
    }

    /** Why the source is in its state, as decided (with the value and band of that moment). */
    String reason() {
        return reason;
    }

    /** True when a meter for this source is configured (silent or not). */
    boolean metered() {
        return metered;
    }

    /**
     * True when the source was LOST and the readings say it is live again, but the restore delay has not passed
     * yet. (A meter back after a silence is not a source coming back.)
     */
    boolean returning() {
        return state == SourceState.LOST && candidate != null && candidate.isLive();
    }

    /** When the readings last turned live or not live (the first reading of the current run); null before any. */
    Instant liveFlip() {
        return liveFlip;
    }

    /**
     * Feeds one evaluation; returns the change when one is committed now, else null.
     *
     * @param readAt when the values were read; null when there are none (then {@code now} counts)
     */
    Change update(boolean metered, OptionalDouble voltage, OptionalDouble frequency, Instant readAt, Thresholds t,
            Instant now) {
        this.metered = metered;
        String[] why = new String[1];
        SourceState raw = classify(metered, voltage, frequency, t, why);
        Instant at = raw == SourceState.UNKNOWN || readAt == null ? now : readAt;
        if (raw.isLive() != rawLive || liveFlip == null && raw != SourceState.UNKNOWN) {
            rawLive = raw.isLive();
            liveFlip = at;
        }
        if (raw == state) {
            candidate = null;
            return null;
        }
        if (raw != candidate) {
            candidate = raw;
            candidateSince = at;
            candidateReason = why[0];
        }
        if (Duration.between(candidateSince, at).compareTo(delay(raw, t)) < 0) {
            return null;
        }
        Change c = new Change(state, raw, candidateSince, candidateReason);
        state = raw;
        reason = candidateReason;
        known |= raw != SourceState.UNKNOWN;
        candidate = null;
        return c;
    }

    /** Back to AVAILABLE: the restore delay, also after a silence (a meter back proves no more than mains back). */
    private Duration delay(SourceState raw, Thresholds t) {
        boolean restoring = raw == SourceState.AVAILABLE && (state != SourceState.UNKNOWN || known);
        return restoring ? t.restoreDelay() : t.lossDelay();
    }

    private SourceState classify(boolean metered, OptionalDouble voltage, OptionalDouble frequency, Thresholds t,
            String[] reason) {
        if (!metered || voltage.isEmpty()) {
            reason[0] = metered ? "meter silent (no fresh reading)" : "no meter";
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
