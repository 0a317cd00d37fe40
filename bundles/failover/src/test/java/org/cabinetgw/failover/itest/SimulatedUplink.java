package org.cabinetgw.failover.itest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkEvents;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.UplinkStatus;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Uplink control and status that behave like the uplink bundle's: suspending MQTT makes HTTP take over after
 * the switch delay, resuming it brings MQTT back after the same delay; the real events are posted.
 */
final class SimulatedUplink implements UplinkControl, UplinkStatus, AutoCloseable {

    private final EventAdmin events;
    private final long switchMillis;
    private final Set<TransportKind> suspended = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "itest-simulated-uplink");
        t.setDaemon(true);
        return t;
    });
    private volatile Set<Priority> restriction = Set.of();
    private volatile TransportKind active = TransportKind.MQTT;
    private volatile Instant since = Instant.now();

    SimulatedUplink(EventAdmin events, long switchMillis) {
        this.events = events;
        this.switchMillis = switchMillis;
    }

    @Override
    public void suspend(TransportKind transport, String reason) {
        if (suspended.add(transport)) {
            post(UplinkEvents.TRANSPORT_SUSPENDED, Map.of(UplinkEvents.TRANSPORT, transport.name(), UplinkEvents.REASON, reason));
            timer.schedule(this::choose, switchMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void resume(TransportKind transport) {
        if (suspended.remove(transport)) {
            post(UplinkEvents.TRANSPORT_RESUMED, Map.of(UplinkEvents.TRANSPORT, transport.name()));
            timer.schedule(this::choose, switchMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public boolean isSuspended(TransportKind transport) {
        return suspended.contains(transport);
    }

    @Override
    public void restrict(Set<Priority> allowed, String reason) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException("allowed must not be empty");
        }
        restriction = Set.copyOf(allowed);
    }

    @Override
    public void unrestrict() {
        restriction = Set.of();
    }

    @Override
    public Set<Priority> restriction() {
        return restriction;
    }

    boolean anySuspended() {
        return !suspended.isEmpty();
    }

    private void choose() {
        TransportKind next = !suspended.contains(TransportKind.MQTT) ? TransportKind.MQTT
                : !suspended.contains(TransportKind.HTTP) ? TransportKind.HTTP : TransportKind.NONE;
        TransportKind previous = active;
        if (next != previous) {
            active = next;
            since = Instant.now();
            Map<String, Object> p = new HashMap<>();
            p.put(UplinkEvents.FROM, previous.name());
            p.put(UplinkEvents.TO, next.name());
            p.put(UplinkEvents.REASON, suspended.contains(previous) ? previous + " suspended" : previous + " recovered");
            p.put(UplinkEvents.QUEUED, 0L);
            post(UplinkEvents.TRANSPORT_SWITCHED, p);
        }
    }

    private void post(String topic, Map<String, Object> p) {
        events.postEvent(new Event(topic, p));
    }

    @Override
    public UplinkSnapshot snapshot() {
        return new UplinkSnapshot(active, since, false, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
