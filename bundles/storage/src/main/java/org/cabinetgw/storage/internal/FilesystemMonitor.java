package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
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
import org.cabinetgw.storage.FilesystemAlarm;
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
 * One mount point. Factory configuration: one per mount. Health {@code storage.fs.NAME}: DOWN when not
 * mounted or read-only against expectation, DEGRADED when low on space or inodes.
 */
@Component(configurationPid = FilesystemMonitor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = FilesystemMonitorConfig.class, factory = true)
public class FilesystemMonitor {

    static final String PID = "org.cabinetgw.storage.filesystem";
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemMonitor.class);

    @Reference
    private EventAdmin eventAdmin;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Uplink uplink;

    private final Clock clock = Clock.systemUTC();
    private FilesystemSettings settings;
    private HealthSlot health;
    private ScheduledExecutorService poller;
    private Map<FilesystemAlarm, AlarmReading> alarms = new EnumMap<>(FilesystemAlarm.class);
    private String lastProblem = "";
    private volatile boolean active;
    /** A refused configuration: nothing started, the entry config:<pid> says which setting. */
    private ServiceRegistration<HealthContributor> refusal;

    @Activate
    void activate(BundleContext context, FilesystemMonitorConfig config, Map<String, Object> properties) {
        try {
            settings = FilesystemSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.debug("Configuration {} refused", properties.get("service.pid"), e);
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "filesystem " + config.name() + " is not watched", e);
            return;
        }
        health = new HealthSlot("storage.fs." + settings.name(), Health.degraded("not read yet", clock.instant()));
        health.register(context, Map.of(StorageEvents.MOUNT_POINT, settings.mountPoint()));
        active = true;
        poller = Threads.singleScheduler("cabinetgw-storage-fs-" + settings.name());
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
            LOG.error("Filesystem poll of {} failed", settings.mountPoint(), e);
            health.update(HealthState.DOWN, "internal error while polling: " + e, clock.instant(), eventAdmin);
        }
    }

    synchronized void poll() {
        if (!active) {
            return;
        }
        Instant now = clock.instant();
        MountEntry mount;
        FsUsage usage = null;
        try {
            mount = MountsParser.find(MountsParser.parse(CommandRunner.readFile(Path.of(settings.mountsPath()))),
                    settings.mountPoint()).orElse(null);
            if (mount != null) {
                CommandRunner.Result r = CommandRunner.run(settings.statCommand(), settings.commandTimeout());
                if (r.exitCode() != 0) {
                    throw new IOException("stat -f exited with " + r.exitCode() + ": " + r.stderr().strip());
                }
                usage = StatFsParser.parse(r.stdout());
            }
        } catch (IOException | SourceFormatException e) {
            problem(now, "cannot check " + settings.mountPoint() + ": " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        lastProblem = "";
        FilesystemAssessment a = FilesystemAssessment.of(settings.mountPoint(), mount, usage, settings.limits(),
                alarms.keySet());
        AlarmChanges<FilesystemAlarm> changes = AlarmChanges.between(alarms, a.alarms());
        alarms = a.alarms().isEmpty() ? new EnumMap<>(FilesystemAlarm.class) : new EnumMap<>(a.alarms());
        changes.raised().forEach(e -> post(StorageEvents.FILESYSTEM_ALARM, e.getKey(), e.getValue(), now, true));
        changes.cleared().forEach(e -> post(StorageEvents.FILESYSTEM_ALARM_CLEARED, e.getKey(), e.getValue(), now, false));
        if (health.update(a.state(), a.reason(), now, eventAdmin)) {
            LOG.info("{} {}{}", health.component(), a.state(), a.reason().isEmpty() ? "" : ": " + a.reason());
        }
        Telemetry.publish(uplink, LOG, health.component(), "storage/fs/" + settings.name(), Priority.TELEMETRY,
                metrics(mount, usage, a));
    }

    private void problem(Instant now, String reason) {
        if (!reason.equals(lastProblem)) {
            LOG.warn("{}", reason);
            lastProblem = reason;
        }
        health.update(HealthState.DOWN, reason, now, eventAdmin);
    }

    private void post(String topic, FilesystemAlarm alarm, AlarmReading reading, Instant now, boolean raised) {
        Map<String, Object> p = new HashMap<>();
        p.put(StorageEvents.NAME, settings.name());
        p.put(StorageEvents.MOUNT_POINT, settings.mountPoint());
        p.put(StorageEvents.ALARM, alarm.name());
        p.put(StorageEvents.VALUE, reading.value());
        p.put(StorageEvents.THRESHOLD, reading.threshold());
        p.put(StorageEvents.REASON, raised ? reading.text() : "cleared: " + reading.text());
        p.put(StorageEvents.TIMESTAMP, now.toEpochMilli());
        if (raised) {
            LOG.warn("Filesystem alarm {}: {}", alarm, reading.text());
        } else {
            LOG.info("Filesystem alarm {} cleared on {}", alarm, settings.mountPoint());
        }
        eventAdmin.postEvent(new Event(topic, p));
        Map<String, Object> m = new LinkedHashMap<>(p);
        m.put("event", raised ? "FILESYSTEM_ALARM" : "FILESYSTEM_ALARM_CLEARED");
        Telemetry.publish(uplink, LOG, health.component(), "storage/fs/" + settings.name() + "/event",
                raised ? Priority.ALARM : Priority.EVENT, m);
    }

    static Map<String, Object> metrics(MountEntry mount, FsUsage usage, FilesystemAssessment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", a.state().name());
        m.put("mounted", mount != null);
        if (mount != null) {
            m.put("read.only", mount.readOnly());
            m.put("fs.type", mount.fsType());
        }
        if (usage != null) {
            m.put("total.bytes", usage.totalBytes());
            m.put("available.bytes", usage.availableBytes());
            m.put("free.percent", Math.round(usage.freePercent() * 10) / 10.0);
            if (usage.freeInodesPercent() >= 0) {
                m.put("free.inodes.percent", Math.round(usage.freeInodesPercent() * 10) / 10.0);
            }
        }
        return m;
    }
}
