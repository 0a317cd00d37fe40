package org.cabinetgw.failover.itest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.power.Meter;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerEvents;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The power-state component and a UPS meter as the power bundle provides them: a state change updates the
 * status first and then posts STATE_CHANGED (and TRANSFER on to generator), as the real one does.
 */
final class SimulatedPower implements PowerMonitor {

    /** The UPS meter: its last reading carries the runtime left. */
    final class Ups implements Meter {
        @Override
        public String name() {
            return "ups";
        }

        @Override
        public MeterRole role() {
            return MeterRole.UPS;
        }

        @Override
        public MeterReading lastReading() {
            Map<String, Double> v = new HashMap<>();
            v.put(MeterReading.RUNTIME_LEFT, runtimeSeconds);
            v.put(MeterReading.ON_BATTERY, status.state() == PowerState.ON_UPS_BATTERY || status.state() == PowerState.BATTERY_LOW ? 1.0 : 0.0);
            return new MeterReading("ups", MeterRole.UPS, Instant.now(), v, false, "");
        }
    }

    private final EventAdmin events;
    final Ups ups = new Ups();
    private volatile PowerStatus status = new PowerStatus(PowerState.ON_MAINS, Instant.now(),
            Map.of(MeterRole.MAINS, SourceState.AVAILABLE), Optional.empty(), Optional.empty());
    private volatile double runtimeSeconds = 3600;
    private volatile long lostAt;

    SimulatedPower(EventAdmin events) {
        this.events = events;
    }

    @Override
    public PowerStatus status() {
        return status;
    }

    void set(PowerState state, double runtimeLeftSeconds) {
        runtimeSeconds = runtimeLeftSeconds;
        PowerState previous = status.state();
        long now = System.currentTimeMillis();
        if (previous == PowerState.ON_MAINS && state != PowerState.ON_MAINS) {
            lostAt = now - 1500; // mains was first seen lost before the loss delay declared it
        }
        status = new PowerStatus(state, Instant.ofEpochMilli(now),
                Map.of(MeterRole.MAINS, state == PowerState.ON_MAINS ? SourceState.AVAILABLE : SourceState.LOST),
                Optional.empty(), Optional.empty());
        Map<String, Object> p = new HashMap<>();
        p.put(PowerEvents.STATE, state.name());
        p.put(PowerEvents.PREVIOUS_STATE, previous.name());
        p.put(PowerEvents.SINCE, state == PowerState.ON_MAINS ? now : lostAt);
        p.put(PowerEvents.TIMESTAMP, now);
        p.put(PowerEvents.REASON, "itest " + state);
        events.postEvent(new Event(PowerEvents.STATE_CHANGED, p));
        if (state == PowerState.ON_GENERATOR) {
            events.postEvent(new Event(PowerEvents.TRANSFER, Map.of(PowerEvents.FROM, previous.name(), PowerEvents.TO,
                    state.name(), PowerEvents.DURATION_MS, now - lostAt, PowerEvents.TIMESTAMP, now)));
        }
    }
}
