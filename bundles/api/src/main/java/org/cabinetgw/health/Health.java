package org.cabinetgw.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A health report: the state, why it is so, and since when.
 *
 * @param state  the state
 * @param reason a sentence an integrator can act on; when UP empty, or a fact worth seeing (the uplink: which
 *               link carries it)
 * @param since  when the component entered this state (not when it was last asked)
 */
public record Health(HealthState state, String reason, Instant since) {

    public Health {
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(since, "since");
    }

    public static Health up(Instant since) {
        return new Health(HealthState.UP, "", since);
    }

    public static Health degraded(String reason, Instant since) {
        return new Health(HealthState.DEGRADED, reason, since);
    }

    public static Health down(String reason, Instant since) {
        return new Health(HealthState.DOWN, reason, since);
    }

    /**
     * The report to keep when a component re-evaluates itself: {@code this} if the state and reason are
     * unchanged; the new reason with the same {@code since} if only the reason changed (a rebuild's progress, a
     * new cause of the same outage: the component has been in this state since it entered it, as {@code since}
     * is defined above); a new report starting {@code now} when the state changed.
     */
    public Health next(HealthState newState, String newReason, Instant now) {
        String r = newReason == null ? "" : newReason;
        if (state == newState) {
            return reason.equals(r) ? this : new Health(newState, r, since);
        }
        return new Health(newState, r, now);
    }
}
