package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls /proc/mdstat, posts mdadm-style events, keeps one health component per array
 * ({@code storage.raid.mdX}) and one for the source itself ({@code storage.raid}: DOWN when the file
 * cannot be read or parsed). Runs only when configured, so a gateway without RAID reports nothing.
 *
 * <p>A configuration change restarts the component (no @Modified): the detector starts afresh and posts
 * NewArray for every array, as mdadm does when it is restarted.
 */
@Component(configurationPid = RaidMonitor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RaidMonitorConfig.class)
public class RaidMonitor {

    static final String PID = "org.cabinetgw.storage.raid";
    static final String SOURCE = "storage.raid";
    private static final Logger LOG = LoggerFactory.getLogger(RaidMonitor.class);

    @Reference
    private EventAdmin eventAdmin;
    // a refused configuration's entry; what is published while no uplink takes it waits in its hand-over, in order
    private final MonitorShell shell = new MonitorShell("storage raid");

    private final Clock clock = Clock.systemUTC();
    private final Map<String, HealthSlot> arrays = new LinkedHashMap<>();
    private final Map<String, MdadmDetail> details = new HashMap<>();
    private final Map<String, MdArray> detailFor = new HashMap<>();
    private RaidSettings settings;
    private RaidEventDetector detector;
    private HealthSlot source;
    private BundleContext context;
    private MonitorLoop loop;
    private boolean mdadmMissingLogged;
    private long lastTelemetryMillis;
    /** Every array of the last read, offered as an ArrayStatus service (the dashboard's arrays table). */
    private final ArrayStatusService status = new ArrayStatusService();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setUplink(Uplink u) {
        shell.handover().bind(u); // what was held goes out now
    }

    void unsetUplink(Uplink u) {
        shell.handover().unbind(u);
    }

    @Activate
    void activate(BundleContext context, RaidMonitorConfig config, Map<String, Object> properties) {
        this.settings = shell.settings(context, properties, "the RAID arrays are not watched",
                () -> RaidSettings.of(config), LOG);
        if (settings == null) {
            return;
        }
        this.context = context;
        this.detector = new RaidEventDetector(settings.rebuildStepPercent(), settings.expectedSpares());
        Instant now = clock.instant();
        this.source = new HealthSlot(SOURCE, Health.degraded("not read yet", now));
        source.register(context, Map.of());
        status.register(context);
        loop = new MonitorLoop("RAID poll", source, eventAdmin, clock, LOG, "RAID state unknown: ");
        loop.start("cabinetgw-storage-raid", settings.pollSeconds(), this::poll);
        LOG.info("Watching {} every {} s{}", settings.mdstatPath(), settings.pollSeconds(),
                settings.mdadmPath().isEmpty() ? "" : ", mdadm at " + settings.mdadmPath());
    }

    @Deactivate
    void deactivate() {
        shell.withdrawRefusal();
        if (loop == null) {
            return; // refused: nothing was started
        }
        loop.stop(settings.commandTimeout());
        synchronized (this) {
            arrays.values().forEach(HealthSlot::unregister);
            arrays.clear();
            source.unregister();
            status.unregister();
        }
        shell.close(); // after the last publish: what is still held is counted lost
    }

    synchronized void poll() {
        if (!loop.active()) {
            return;
        }
        Instant now = clock.instant();
        MdStatParser.Result result;
        try {
            result = MdStatParser.parse(CommandRunner.readFile(Path.of(settings.mdstatPath())));
        } catch (NoSuchFileException e) {
            loop.problem(now, settings.mdstatPath() + " does not exist: is the md driver loaded?");
            return;
        } catch (IOException e) {
            loop.problem(now, "cannot read " + settings.mdstatPath() + ": " + e.getMessage());
            return;
        } catch (SourceFormatException e) {
            loop.problem(now, e.getMessage());
            return;
        }
        if (loop.readAgain()) {
            LOG.info("{} is readable again", settings.mdstatPath());
        }
        if (!result.ignoredLines().isEmpty()) {
            LOG.debug("Ignored unknown mdstat lines: {}", result.ignoredLines());
        }
        List<MdStatParser.RefusedArray> refused = result.refused();
        sourceHealth(refused, now);

        MdStat mdstat = result.mdstat();
        List<ArrayAssessment> assessed = new ArrayList<>();
        for (MdArray array : mdstat.arrays()) {
            assessed.add(ArrayAssessment.of(array, detail(array), settings.rebuildStepPercent(),
                    mdstat.volumesOf(array.name())));
        }
        Set<String> unreadable = new LinkedHashSet<>();
        refused.forEach(r -> unreadable.add(r.name()));
        for (RaidEventRecord e : detector.update(assessed, unreadable)) {
            post(e, now);
        }
        for (ArrayAssessment a : assessed) {
            report(a.array().name(), a.state(), a.reason(), now);
        }
        for (MdStatParser.RefusedArray r : refused) {
            // never its last health: what the file says of it now is not understood, whatever it was
            report(r.name(), HealthState.DOWN, r.name() + " cannot be assessed, its mdstat entry is not understood: "
                    + r.reason(), now);
        }
        List<String> present = new ArrayList<>(unreadable);
        assessed.forEach(a -> present.add(a.array().name()));
        arrays.forEach((name, slot) -> {
            if (!present.contains(name)) {
                // kept, not unregistered: an array that vanished is news until someone restarts the monitor
                slot.update(HealthState.DOWN, name + " has disappeared from " + settings.mdstatPath(), now, eventAdmin);
                details.remove(name);
                detailFor.remove(name);
            }
        });
        Map<String, Health> health = new LinkedHashMap<>();
        arrays.forEach((name, slot) -> health.put(name, slot.health()));
        status.read(health, assessed, now);
        telemetry(assessed, now);
    }

    /** UP when every array was understood; DEGRADED naming the first entry that was not. */
    private void sourceHealth(List<MdStatParser.RefusedArray> refused, Instant now) {
        if (refused.isEmpty()) {
            source.update(HealthState.UP, "", now, eventAdmin);
            return;
        }
        String reason = settings.mdstatPath() + " read, but " + refused.size() + " array entr"
                + (refused.size() == 1 ? "y is" : "ies are") + " not understood: " + refused.get(0).reason();
        if (source.update(HealthState.DEGRADED, reason, now, eventAdmin)) {
            LOG.warn("{}", reason);
        }
    }

    /** Registers the array's health component with its first report, updates it afterwards. */
    private void report(String name, HealthState state, String reason, Instant now) {
        HealthSlot slot = arrays.get(name);
        if (slot == null) {
            // registered with its first assessment: the registry learns of it from the registration
            slot = new HealthSlot(SOURCE + "." + name, new Health(state, state == HealthState.UP ? "" : reason, now));
            slot.register(context, Map.of(StorageEvents.ARRAY, name));
            arrays.put(name, slot);
        } else if (!slot.update(state, reason, now, eventAdmin)) {
            return;
        }
        LOG.info("{} {}{}", slot.component(), state, state == HealthState.UP ? "" : ": " + reason);
    }

    /** mdadm's view, asked again only when the array's members or counts changed: mdadm is not free. */
    private MdadmDetail detail(MdArray array) {
        if (settings.mdadmPath().isEmpty()) {
            return null;
        }
        MdArray seen = detailFor.get(array.name());
        if (seen != null && sameShape(seen, array)) {
            return details.get(array.name());
        }
        detailFor.put(array.name(), array);
        details.remove(array.name());
        try {
            CommandRunner.Result r = CommandRunner.run(
                    List.of(settings.mdadmPath(), "--detail", "--export", "/dev/" + array.name()),
                    settings.commandTimeout());
            if (r.exitCode() != 0) {
                LOG.warn("mdadm --detail --export /dev/{} failed (exit {}): {}", array.name(), r.exitCode(),
                        r.stderr().strip());
                return null;
            }
            MdadmDetail d = MdadmDetailParser.parse(r.stdout());
            details.put(array.name(), d);
            return d;
        } catch (IOException e) {
            if (!mdadmMissingLogged) {
                LOG.info("Arrays are watched from {} alone: {}", settings.mdstatPath(), e.getMessage());
                mdadmMissingLogged = true;
            }
        } catch (SourceFormatException e) {
            LOG.warn("{}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private static boolean sameShape(MdArray a, MdArray b) {
        return a.active() == b.active() && a.broken() == b.broken() && a.members().equals(b.members()) && a.raidDevices() == b.raidDevices()
                && a.workingDevices() == b.workingDevices() && Objects.equals(a.personality(), b.personality());
    }

    private void post(RaidEventRecord e, Instant now) {
        Map<String, Object> props = new HashMap<>(e.properties());
        props.put(StorageEvents.TIMESTAMP, now.toEpochMilli());
        MdadmDetail d = details.get(e.array());
        if (d != null && !d.uuid().isEmpty()) {
            props.put(StorageEvents.UUID, d.uuid());
        }
        if (e.type().alarm()) {
            LOG.warn("{}", e);
        } else {
            LOG.info("{}", e);
        }
        eventAdmin.postEvent(new Event(e.type().topic(), props));
        Map<String, Object> metrics = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (v instanceof Number || v instanceof String || v instanceof Boolean) {
                metrics.put(k, v);
            }
        });
        Telemetry.publish(shell.handover(), SOURCE, "storage/raid/" + e.array() + "/event",
                e.type().alarm() ? Priority.ALARM : Priority.EVENT, metrics);
    }

    private void telemetry(List<ArrayAssessment> assessed, Instant now) {
        if (settings.telemetrySeconds() == 0
                || now.toEpochMilli() - lastTelemetryMillis < settings.telemetrySeconds() * 1000L) {
            return;
        }
        lastTelemetryMillis = now.toEpochMilli();
        for (ArrayAssessment a : assessed) {
            Telemetry.publish(shell.handover(), SOURCE, "storage/raid/" + a.array().name(), Priority.TELEMETRY,
                    RaidTelemetry.metrics(a));
        }
    }
}
