package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.DiskAlarm;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One disk, read with smartctl. Factory configuration: one per disk. Health {@code storage.disk.NAME}:
 * DOWN when the drive fails its self-assessment or cannot be read, DEGRADED on any other alarm.
 */
@Component(configurationPid = DiskMonitor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DiskMonitorConfig.class, factory = true)
public class DiskMonitor {

    static final String PID = "org.cabinetgw.storage.disk";
    private static final Logger LOG = LoggerFactory.getLogger(DiskMonitor.class);

    @Reference
    private EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Uplink uplink;

    private final Clock clock = Clock.systemUTC();
    private DiskSettings settings;
    private HealthSlot health;
    private ScheduledExecutorService poller;
    private Map<DiskAlarm, AlarmReading> alarms = new EnumMap<>(DiskAlarm.class);
    private String lastProblem = "";
    private volatile boolean active;
    /** A refused configuration: nothing started, the entry config:<pid> says which setting. */
    private ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(BundleContext context, DiskMonitorConfig config, Map<String, Object> properties) {
        try {
            settings = DiskSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Configuration {} refused", properties.get("service.pid"), e);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "disk " + config.name() + " is not watched", e);
            return;
        }
        health = new HealthSlot("storage.disk." + settings.name(), Health.degraded("not read yet", clock.instant()));
        health.register(context, Map.of(StorageEvents.DEVICE, settings.device()));
        active = true;
        poller = Threads.singleScheduler("cabinetgw-storage-disk-" + settings.name());
        poller.scheduleWithFixedDelay(this::pollSafely, 0, settings.pollSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        if (poller == null) {
            return; // refused: nothing was started
        }
        active = false;
        poller.shutdownNow();
        try {
            poller.awaitTermination(settings.commandTimeout().toSeconds() + 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        health.unregister();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("SMART poll of {} failed", settings.device(), e);
            health.update(HealthState.DOWN, "internal error while polling: " + e, clock.instant(), eventAdmin);
        }
    }

    synchronized void poll() {
        if (!active) {
            return;
        }
        Instant now = clock.instant();
        SmartReport report;
        try {
            CommandRunner.Result r = CommandRunner.run(settings.command(), settings.commandTimeout());
            report = SmartctlParser.parse(r.stdout());
        } catch (IOException | SourceFormatException e) {
            problem(now, "cannot read SMART of " + settings.device() + ": " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastProblem = "";
        DiskAssessment a = DiskAssessment.of(settings.name(), report, settings.thresholds());
        AlarmChanges<DiskAlarm> changes = AlarmChanges.between(alarms, a.alarms());
        alarms = a.alarms().isEmpty() ? new EnumMap<>(DiskAlarm.class) : new EnumMap<>(a.alarms());
        changes.raised().forEach(e -> post(StorageEvents.DISK_ALARM, e.getKey(), e.getValue(), now, true));
        changes.cleared().forEach(e -> post(StorageEvents.DISK_ALARM_CLEARED, e.getKey(), e.getValue(), now, false));
        if (health.update(a.state(), a.reason(), now, eventAdmin)) {
            LOG.info("{} {}{}", health.component(), a.state(), a.reason().isEmpty() ? "" : ": " + a.reason());
        }
        Telemetry.publish(uplink, LOG, health.component(), "storage/disk/" + settings.name(), Priority.TELEMETRY,
                metrics(report, a));
    }

    private void problem(Instant now, String reason) {
        if (!reason.equals(lastProblem)) {
            LOG.warn("{}", reason);
            lastProblem = reason;
        }
        health.update(HealthState.DOWN, reason, now, eventAdmin);
    }

    private void post(String topic, DiskAlarm alarm, AlarmReading reading, Instant now, boolean raised) {
        Map<String, Object> p = new HashMap<>();
        p.put(StorageEvents.NAME, settings.name());
        p.put(StorageEvents.DEVICE, settings.device());
        p.put(StorageEvents.ALARM, alarm.name());
        p.put(StorageEvents.VALUE, reading.value());
        p.put(StorageEvents.THRESHOLD, reading.threshold());
        p.put(StorageEvents.REASON, raised ? reading.text() : "cleared: " + reading.text());
        p.put(StorageEvents.TIMESTAMP, now.toEpochMilli());
        if (raised) {
            LOG.warn("Disk alarm {}: {}", alarm, reading.text());
        } else {
            LOG.info("Disk alarm {} cleared on {}", alarm, settings.name());
        }
        eventAdmin.postEvent(new Event(topic, p));
        Map<String, Object> m = new LinkedHashMap<>(p);
        m.put("event", raised ? "DISK_ALARM" : "DISK_ALARM_CLEARED");
        Telemetry.publish(uplink, LOG, health.component(), "storage/disk/" + settings.name() + "/event",
                raised ? Priority.ALARM : Priority.EVENT, m);
    }

    static Map<String, Object> metrics(SmartReport r, DiskAssessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", a.state().name());
        if (r.passed() != null) {
            m.put("smart.passed", r.passed());
        }
        if (r.temperatureCelsius() != null) {
            m.put("temperature.celsius", r.temperatureCelsius());
        }
        if (r.reallocatedSectors() != null) {
            m.put("reallocated.sectors", r.reallocatedSectors());
        }
        if (r.pendingSectors() != null) {
            m.put("pending.sectors", r.pendingSectors());
        }
        if (r.percentageUsed() != null) {
            m.put("percentage.used", r.percentageUsed());
        }
        if (r.mediaErrors() != null) {
            m.put("media.errors", r.mediaErrors());
        }
        return m;
    }
}
