package org.cabinetgw.network.internal;

import java.time.Instant;
import java.util.Optional;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.health.HealthChange;

/**
 * The link manager's own health entry ({@value LinkManagerEngine#MANAGER_COMPONENT}): what the links and the
 * routing add up to, and the {@code health/CHANGED} events of the manager and of its links.
 */
final class ManagerHealth {

    /** The manager's verdict from one evaluation. */
    record Verdict(HealthState state, String reason) {
    }

    private final EventSink events;
    private volatile Health current;

    ManagerHealth(EventSink events, Instant start) {
        this.events = events;
        this.current = Health.down("no link configured", start);
    }

    Health current() {
        return current;
    }

    /** Assesses, keeps and announces (on a change of state) the manager's health. */
    void update(int links, int usable, String routingError, Optional<String> prepareError, String active,
            Instant now) {
        Verdict v = assess(links, usable, routingError, prepareError, active);
        Health old = current;
        Health next = old.next(v.state(), v.reason(), now);
        current = next;
        post(events, LinkManagerEngine.MANAGER_COMPONENT, old, next);
    }

    /**
     * The rule: DOWN without links, when switching failed, or with no active link; DEGRADED when a link's
     * routing could not be prepared or only one link is usable; UP otherwise.
     */
    static Verdict assess(int links, int usable, String routingError, Optional<String> prepareError,
            String active) {
        if (links == 0) {
            return new Verdict(HealthState.DOWN, "no link configured");
        } else if (routingError != null) {
            return new Verdict(HealthState.DOWN, "routing failed: " + routingError);
        } else if (prepareError.isPresent() && active == null) {
            return new Verdict(HealthState.DOWN, "routing failed: " + prepareError.get());
        } else if (active == null) {
            return new Verdict(HealthState.DOWN, "all links down");
        } else if (prepareError.isPresent()) {
            return new Verdict(HealthState.DEGRADED, "routing failed: " + prepareError.get());
        } else if (usable < 2) {
            return new Verdict(HealthState.DEGRADED, "running on a single link: " + active);
        }
        return new Verdict(HealthState.UP, "");
    }

    /** Posts {@code health/CHANGED} for the component unless its state stayed the same (old null: always). */
    static void post(EventSink events, String component, Health old, Health next) {
        if (old != null && old.state() == next.state()) {
            return;
        }
        events.post(HealthEvents.CHANGED, HealthChange.eventProperties(component, old, next));
    }
}
