package org.cabinetgw.sim.storage.internal;

import org.apache.felix.service.command.Descriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns one {@link SimulatedArray}, advances it and writes it to the mdstat file every tick. Gogo:
 * {@code storage:sim status | fail sdb1 | remove sdb1 | add sdc1 | replace sdb1 sdc1 | heal}.
 * Starts only when configured.
 */
@Component(configurationPid = StorageSimulator.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = StorageSimulator.class, property = { "osgi.command.scope=storage", "osgi.command.function=sim" })
@Designate(ocd = StorageSimulatorConfig.class)
public class StorageSimulator {

    static final String PID = "org.cabinetgw.sim.storage";
    private static final Logger LOG = LoggerFactory.getLogger(StorageSimulator.class);

    private SimulatedArray array;
    private Path file;
    private ScheduledExecutorService ticker;
    private int tickMillis;

    /** A refused configuration's entry config:<pid>, and why, while nothing is simulated. */
    private ServiceRegistration<HealthContributor> refusal;
    private volatile String refusedBecause;

    /**
     * A configuration the simulator cannot run with is reported as every bundle reports a refused setting
     * (config:<pid> DOWN naming it, one WARN from core), not thrown: SCR would print a stack trace.
     */
    @Activate
    void activate(StorageSimulatorConfig c, BundleContext context, Map<String, Object> properties) {
        try {
            start(c);
        } catch (IllegalArgumentException e) {
            LOG.debug("Storage simulator: configuration refused", e);
            refusedBecause = e.getMessage();
            refusal = ConfigurationRefusal.report(context, properties.get("service.pid"),
                    "the storage simulator writes no mdstat", e);
        }
    }

    private void start(StorageSimulatorConfig c) {
        tickMillis = range("tick.millis", c.tick_millis(),
                StorageSimulatorConfig.TICK_MILLIS_MIN, StorageSimulatorConfig.TICK_MILLIS_MAX);
        range("rebuild.percent.per.second", c.rebuild_percent_per_second(),
                StorageSimulatorConfig.REBUILD_PERCENT_PER_SECOND_MIN, StorageSimulatorConfig.REBUILD_PERCENT_PER_SECOND_MAX);
        if (c.array() == null || !c.array().matches("md[0-9]{1,3}")) {
            throw new IllegalArgumentException(PID + ": array = '" + c.array() + "' is not an md name like md0");
        }
        if (c.mdstat_path() == null || !c.mdstat_path().startsWith("/")) {
            throw new IllegalArgumentException(PID + ": mdstat.path = '" + c.mdstat_path() + "' is not an absolute path");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            names.add("sd" + (char) ('a' + i) + "1");
        }
        SimulatedArray made; // the field is set only once every check has passed: a refusal simulates nothing
        try {
            made = new SimulatedArray(c.array(), c.level(), c.devices(), c.spares(), c.rebuild_percent_per_second(),
                    names);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage());
        }
        file = Path.of(c.mdstat_path());
        // the demo's file is in the shared /tmp: a directory of this user alone, never one someone else made
        try {
            PrivateDirectory.ensure(file.getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException(PID + ": mdstat.path = '" + c.mdstat_path() + "': " + e.getMessage(), e);
        }
        array = made;
        write();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cabinetgw-sim-storage");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info("Storage simulator writing {}: {}", file, array.status());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        refusal = ConfigurationRefusal.withdraw(refusal);
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    private static int range(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PID + ": " + attribute + " = " + value + " is out of range; allowed "
                    + min + ".." + max);
        }
        return value;
    }

    private synchronized void tick() {
        array.tick(tickMillis / 1000.0);
        write();
    }

    private synchronized void write() {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, array.render(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", file, e.getMessage());
        }
    }

    /** Gogo: {@code storage:sim fail sdb1}. Returns what happened, or "error: ..." for a bad command. */
    @Descriptor("drive the simulated RAID array: status | fail DEV | remove DEV | add DEV | replace OLD NEW | heal")
    public synchronized String sim(@Descriptor("the command and its arguments, e.g. fail sdb1") String... words) {
        if (array == null) {
            return "error: the storage simulator is not started: its configuration is refused: " + refusedBecause;
        }
        try {
            String result = execute(words);
            write();
            LOG.info("storage:sim {} -> {}", String.join(" ", words), result);
            return result + "\n" + array.status();
        } catch (IllegalArgumentException e) {
            return "error: " + e.getMessage();
        }
    }

    private String execute(String... w) {
        String cmd = w.length == 0 ? "status" : w[0];
        switch (cmd) {
            case "status":
                return "ok";
            case "fail":
                return array.fail(arg(w, 1));
            case "remove":
                return array.remove(arg(w, 1));
            case "add":
                return array.add(arg(w, 1));
            case "replace": {
                String old = arg(w, 1);
                String fresh = arg(w, 2);
                return array.fail(old) + "; " + array.remove(old) + "; " + array.add(fresh);
            }
            case "heal":
                return array.heal();
            default:
                throw new IllegalArgumentException("unknown command '" + cmd
                        + "'; use status, fail DEV, remove DEV, add DEV, replace OLD NEW, heal");
        }
    }

    private String arg(String[] w, int i) {
        if (w.length <= i || !w[i].matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("'" + String.join(" ", w) + "' needs a device name, e.g. "
                    + (w.length > 0 ? w[0] : "fail") + " sdb1 (members: "
                    + String.join(", ", array.memberNames()) + ")");
        }
        return w[i];
    }
}
