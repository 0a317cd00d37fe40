package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.FilesystemAlarm;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.osgi.framework.BundleContext;
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
    // a refused configuration's entry; what is published while no uplink takes it waits in its hand-over, in order
    private final MonitorShell shell = new MonitorShell("storage filesystem");

    private final Clock clock = Clock.systemUTC();
    private FilesystemSettings settings;
    /** Its health entry, status service, poll loop and alarms (null while refused). */
    private DeviceWatch<FilesystemAlarm> watch;
    /** The last check, offered as a FilesystemStatus service (the dashboard plots the free space). */
    private FilesystemStatusService status;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        shell.handover().bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        shell.handover().unbind(u);
    }

    @Activate
    void activate(BundleContext context, FilesystemMonitorConfig config, Map<String, Object> properties) {
        settings = shell.settings(context, properties, "filesystem " + config.name() + " is not watched",
                () -> FilesystemSettings.of(config), LOG);
        if (settings == null) {
            return;
        }
        status = new FilesystemStatusService(settings.name(), settings.mountPoint());
        String component = "storage.fs." + settings.name();
        watch = new DeviceWatch<>(context, eventAdmin, shell, clock, LOG, FilesystemAlarm.class,
                new AlarmPublisher.Naming("Filesystem", settings.name(), StorageEvents.MOUNT_POINT,
                        settings.mountPoint(), settings.mountPoint(), StorageEvents.FILESYSTEM_ALARM,
                        StorageEvents.FILESYSTEM_ALARM_CLEARED, "FILESYSTEM_ALARM",
                        "storage/fs/" + settings.name() + "/event", component),
                Map.of(StorageEvents.MOUNT_POINT, settings.mountPoint()), Health.degraded("not read yet",
                        clock.instant()), status, "Filesystem poll of " + settings.mountPoint());
        watch.start("cabinetgw-storage-fs-" + settings.name(), settings.pollSeconds(), this::poll);
    }

    @Deactivate
    void deactivate() {
        shell.withdrawRefusal();
        if (watch == null) {
            return; // refused: nothing was started
        }
        watch.stop(settings.commandTimeout());
        shell.close(); // after the last publish: what is still held is counted lost
    }

    synchronized void poll() {
        if (!watch.active()) {
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
            watch.problem(now, "cannot check " + settings.mountPoint() + ": " + e.getMessage());
            status.failed(now, "cannot check " + settings.mountPoint() + ": " + e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        status.measured(now, mount, usage);
        FilesystemAssessment a = FilesystemAssessment.of(settings.mountPoint(), mount, usage, settings.limits(),
                watch.alarmsOn());
        watch.assessed(a.alarms(), a.state(), a.reason(), now);
        Telemetry.publish(shell.handover(), watch.component(), "storage/fs/" + settings.name(), Priority.TELEMETRY,
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
