package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.DiskAlarm;
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
    // a refused configuration's entry; what is published while no uplink takes it waits in its hand-over, in order
    private final MonitorShell shell = new MonitorShell("storage disk");

    private final Clock clock = Clock.systemUTC();
    private DiskSettings settings;
    /** Its health entry, status service, poll loop and alarms (null while refused). */
    private DeviceWatch<DiskAlarm> watch;
    /** The last SMART read, offered as a DiskStatus service (the dashboard's disks table). */
    private DiskStatusService status;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        shell.handover().bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        shell.handover().unbind(u);
    }

    @Activate
    void activate(BundleContext context, DiskMonitorConfig config, Map<String, Object> properties) {
        settings = shell.settings(context, properties, "disk " + config.name() + " is not watched",
                () -> DiskSettings.of(config), LOG);
        if (settings == null) {
            return;
        }
        Health initial = Health.degraded("not read yet", clock.instant());
        status = new DiskStatusService(settings.name(), settings.device(), initial);
        String component = "storage.disk." + settings.name();
        watch = new DeviceWatch<>(context, eventAdmin, shell, clock, LOG, DiskAlarm.class,
                new AlarmPublisher.Naming("Disk", settings.name(), StorageEvents.DEVICE, settings.device(),
                        settings.name(), StorageEvents.DISK_ALARM, StorageEvents.DISK_ALARM_CLEARED, "DISK_ALARM",
                        "storage/disk/" + settings.name() + "/event", component),
                Map.of(StorageEvents.DEVICE, settings.device()), initial, status, "SMART poll of " + settings.device());
        watch.start("cabinetgw-storage-disk-" + settings.name(), settings.pollSeconds(), this::poll);
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
        SmartReport report;
        try {
            CommandRunner.Result r = CommandRunner.run(settings.command(), settings.commandTimeout());
            report = SmartctlParser.parse(r.stdout());
        } catch (IOException | SourceFormatException e) {
            watch.problem(now, "cannot read SMART of " + settings.device() + ": " + e.getMessage());
            status.failed(now, watch.health());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        DiskAssessment a = DiskAssessment.of(settings.name(), report, settings.thresholds());
        watch.assessed(a.alarms(), a.state(), a.reason(), now);
        status.read(now, report, watch.health());
        Telemetry.publish(shell.handover(), watch.component(), "storage/disk/" + settings.name(), Priority.TELEMETRY,
                metrics(report, a));
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
