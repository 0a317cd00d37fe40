package org.cabinetgw.storage.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;

/**
 * What the disk and the filesystem monitor both run around their own read and assessment once their configuration
 * is accepted: one health entry (registered "not read yet"), the status service readers query, the shared
 * {@link MonitorLoop} and the alarms of the one watched thing, started and withdrawn in the same order. The RAID
 * monitor watches many arrays and keeps its own health entries; it shares the loop and the shell only.
 *
 * @param <A> the alarm kind
 */
final class DeviceWatch<A extends Enum<A>> {

    private final HealthSlot health;
    private final StatusServiceRegistration<?> status;
    private final MonitorLoop loop;
    private final AlarmPublisher<A> alarms;

    /**
     * Registers the health entry ({@code naming.component()}, with {@code healthProperties}) and the status
     * service; nothing is polled before {@link #start}.
     */
    DeviceWatch(BundleContext context, EventAdmin events, MonitorShell shell, Clock clock, Logger log,
            Class<A> alarmType, AlarmPublisher.Naming naming, Map<String, Object> healthProperties, Health initial,
            StatusServiceRegistration<?> status, String pollName) {
        this.health = new HealthSlot(naming.component(), initial);
        health.register(context, healthProperties);
        this.status = status;
        status.register(context);
        this.loop = new MonitorLoop(pollName, health, events, clock, log, "");
        this.alarms = new AlarmPublisher<>(alarmType, naming, events, shell.handover(), log);
    }

    /** Polls now and every {@code pollSeconds} after, on a thread named {@code threadName}. */
    void start(String threadName, long pollSeconds, Runnable poll) {
        loop.start(threadName, pollSeconds, poll);
    }

    /** False once stopped: a poll already running must change nothing after it. */
    boolean active() {
        return loop.active();
    }

    String component() {
        return health.component();
    }

    Health health() {
        return health.health();
    }

    /** The alarms on now (an assessment with hysteresis needs them). */
    Set<A> alarmsOn() {
        return alarms.on();
    }

    /** The source could not be read: DOWN with the reason, logged once until it changes. */
    void problem(Instant now, String reason) {
        loop.problem(now, reason);
    }

    /** A read that succeeded: its alarms published (raised, then cleared), then the health set and a change logged. */
    void assessed(Map<A, AlarmReading> alarmsNow, HealthState state, String reason, Instant now) {
        loop.readAgain();
        alarms.update(alarmsNow, now);
        loop.assessed(state, reason, now);
    }

    /** Stops polling (waiting at most a command's time and a little), then withdraws the status and the health. */
    void stop(Duration commandTimeout) {
        loop.stop(commandTimeout);
        status.unregister();
        health.unregister();
    }
}
