package org.cabinetgw.power.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Small helpers to post this bundle's events. */
public final class Events {

    private Events() {
    }

    public static void post(EventAdmin admin, String topic, Object... keyValues) {
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                props.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        admin.postEvent(new Event(topic, props));
    }

    public static void healthChanged(EventAdmin admin, String component, Health previous, Health now) {
        post(admin, HealthEvents.CHANGED, HealthEvents.COMPONENT, component, HealthEvents.STATE, now.state().name(),
                HealthEvents.PREVIOUS_STATE, previous == null ? null : previous.state().name(), HealthEvents.REASON,
                now.reason(), HealthEvents.SINCE, now.since().toEpochMilli());
    }

    /** Tells the health registry a configuration was refused (the component never activated). */
    public static void configurationRefused(EventAdmin admin, String component, String pid, String message) {
        String attribute = message.split("[ :=]", 2)[0];
        post(admin, HealthEvents.CONFIGURATION_REFUSED, HealthEvents.COMPONENT, component, HealthEvents.PID, pid,
                HealthEvents.ATTRIBUTE, attribute, HealthEvents.REASON, message, HealthEvents.STATE, "DOWN",
                HealthEvents.SINCE, Instant.now().toEpochMilli());
    }
}
