package org.cabinetgw.deploy.internal;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.health.HealthChange;

/**
 * The agent's health ({@code deploy.agent}) and its change events. UP is never quite UP while a package the
 * gateway ships is not installed (a capability gone); a plain UP says the agent's standing note, if any (nothing
 * trusted, the development key trusted).
 */
final class AgentHealth {

    private final String upNote;
    private final Supplier<List<String>> goneCapabilities;
    private final EventSink events;
    private volatile Health health;

    AgentHealth(String upNote, Supplier<List<String>> goneCapabilities, EventSink events) {
        this.upNote = upNote;
        this.goneCapabilities = goneCapabilities;
        this.events = events;
        this.health = new Health(HealthState.UP, upNote, Instant.now());
    }

    Health get() {
        return health;
    }

    void set(HealthState state, String reason) {
        if (state == HealthState.UP) {
            // nothing failed; but a capability the gateway ships that is not installed is a capability gone
            List<String> gone = goneCapabilities.get();
            if (!gone.isEmpty()) {
                state = HealthState.DEGRADED;
                reason = goneReason(gone);
            } else if (reason.isEmpty()) {
                reason = upNote;
            }
        }
        Health before = health;
        Health after = before.next(state, reason, Instant.now());
        if (after != before) {
            health = after;
            events.post(HealthEvents.CHANGED, HealthChange.eventProperties(DeployAgent.HEALTH_NAME, before, after));
        }
    }

    /** DEGRADED, naming the shipped packages not installed now. */
    void capabilitiesGone() {
        set(HealthState.DEGRADED, goneReason(goneCapabilities.get()));
    }

    static String goneReason(List<String> gone) {
        return "capability gone: the shipped package" + (gone.size() > 1 ? "s " : " ") + String.join(", ", gone)
                + (gone.size() > 1 ? " are" : " is") + " not installed (uninstalled, or refused at the start); the gateway "
                + "runs without it until the cloud installs it again or the gateway restarts (shipped packages are "
                + "installed again at every start)";
    }
}
