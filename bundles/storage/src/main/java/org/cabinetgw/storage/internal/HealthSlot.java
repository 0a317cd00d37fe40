package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.health.HealthChange;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * One health component (an array, a disk, a mount, or a source) registered as a
 * {@link HealthContributor} service. Its owner registers it in activate (or when the thing appears) and
 * unregisters it in deactivate.
 *
 * <p>{@code since} keeps the moment the <em>state</em> began: a rebuild's reason changes with its
 * progress, but it has been DEGRADED since the member failed.
 */
final class HealthSlot implements HealthContributor {

    private final String component;
    private volatile Health health;
    private ServiceRegistration<HealthContributor> registration;

    HealthSlot(String component, Health initial) {
        this.component = component;
        this.health = initial;
    }

    String component() {
        return component;
    }

    @Override
    public Health health() {
        return health;
    }

    synchronized void register(BundleContext context, Map<String, Object> extraProperties) {
        Dictionary<String, Object> props = new Hashtable<>(extraProperties);
        props.put(HealthContributor.COMPONENT, component);
        registration = context.registerService(HealthContributor.class, this, props);
    }

    synchronized void unregister() {
        registration = Registrations.withdraw(registration);
    }

    /**
     * Sets the health and posts {@link HealthEvents#CHANGED} when state or reason changed.
     *
     * @return true when it changed
     */
    boolean update(HealthState state, String reason, Instant now, EventAdmin events) {
        Health before = health;
        String r = state == HealthState.UP ? "" : reason;
        if (before.state() == state && before.reason().equals(r)) {
            return false;
        }
        Health next = before.next(state, r, now); // since kept while only the reason changes
        health = next;
        if (events != null) {
            events.postEvent(new Event(HealthEvents.CHANGED, HealthChange.eventProperties(component, before, next)));
        }
        return true;
    }
}
