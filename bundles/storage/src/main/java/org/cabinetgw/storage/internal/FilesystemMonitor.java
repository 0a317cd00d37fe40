package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
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
    // what is published while no uplink takes it (its bundle updated, stopped, starting) waits here, in order
    private final UplinkHandover handover = new UplinkHandover("storage filesystem");

    private final Clock clock = Clock.systemUTC();
    private FilesystemSettings settings;
    private HealthSlot health;
    private MonitorLoop loop;
    private AlarmPublisher<FilesystemAlarm> alarms;
    /** The last check, offered as a FilesystemStatus service (the dashboard plots the free space). */
    private FilesystemStatusService status;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        handover.bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        handover.unbind(u);
    }
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
        status = new FilesystemStatusService(settings.name(), settings.mountPoint());
        status.register(context);
        loop = new MonitorLoop("Filesystem poll of " + settings.mountPoint(), health, eventAdmin, clock, LOG, "");
        alarms = new AlarmPublisher<>(FilesystemAlarm.class, new AlarmPublisher.Naming("Filesystem",
                settings.name(), StorageEvents.MOUNT_POINT, settings.mountPoint(), settings.mountPoint(),
                StorageEvents.FILESYSTEM_ALARM, StorageEvents.FILESYSTEM_ALARM_CLEARED, "FILESYSTEM_ALARM",
                "storage/fs/" + settings.name() + "/event", health.component()), eventAdmin, handover, LOG);
        loop.start("cabinetgw-storage-fs-" + settings.name(), settings.pollSeconds(), this::poll);
    }

    @Deactivate
    void deactivate() {
        refusal = ConfigurationRefusal.withdraw(refusal);
        if (loop == null) {
            return; // refused: nothing was started
        }
        loop.stop(settings.commandTimeout());
        status.unregister();
        health.unregister();
        handover.close(); // after the last publish: what is still held is counted lost
    }

    synchronized void poll() {
        if (!loop.active()) {
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
            loop.problem(now, "cannot check " + settings.mountPoint() + ": " + e.getMessage());
            status.failed(now, "cannot check " + settings.mountPoint() + ": " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        loop.readAgain();
        status.measured(now, mount, usage);
        FilesystemAssessment a = FilesystemAssessment.of(settings.mountPoint(), mount, usage, settings.limits(),
                alarms.on());
        alarms.update(a.alarms(), now);
        loop.assessed(a.state(), a.reason(), now);
        Telemetry.publish(handover, health.component(), "storage/fs/" + settings.name(), Priority.TELEMETRY,
                metrics(mount, usage, a));
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
