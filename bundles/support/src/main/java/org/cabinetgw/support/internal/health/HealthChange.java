package org.cabinetgw.support.internal.health;

import java.util.HashMap;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;

/**
 * A component's health as it changes: the next report by one rule ({@link Health#next}: {@code since} is when
 * the component entered its state, kept while only the reason changes) and the properties of the
 * {@link HealthEvents#CHANGED} event that announces it.
 */
public final class HealthChange {

    private HealthChange() {
    }

    /**
     * The report after a re-evaluation; {@code before} itself when nothing changed. {@code before} null: the first
     * report, starting {@code now}. UP carries the reason too (a fact worth seeing, such as which link carries the
     * uplink); a caller that wants UP bare passes an empty reason.
     */
    public static Health next(Health before, HealthState state, String reason, java.time.Instant now) {
        return before == null ? new Health(state, reason, now) : before.next(state, reason, now);
    }

    /**
     * The properties of {@link HealthEvents#CHANGED}: component, state, previous state (absent for a first
     * report, {@code before} null), reason and since (epoch milliseconds).
     */
    public static Map<String, Object> eventProperties(String component, Health before, Health after) {
        Map<String, Object> p = new HashMap<>();
        p.put(HealthEvents.COMPONENT, component);
        p.put(HealthEvents.STATE, after.state().name());
        if (before != null) {
            p.put(HealthEvents.PREVIOUS_STATE, before.state().name());
        }
        p.put(HealthEvents.REASON, after.reason());
        p.put(HealthEvents.SINCE, after.since().toEpochMilli());
        return p;
    }
}
