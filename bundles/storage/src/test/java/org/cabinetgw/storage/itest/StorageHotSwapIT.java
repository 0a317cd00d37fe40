package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.testing.BundleUpdates;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Hot swap: the storage bundle is updated to a new version while it polls; monitoring resumes with
 * its configuration (a failure after the update is noticed), and no monitor thread is left behind.
 */
class StorageHotSwapIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void updatedWhilePollingItResumesWithItsConfigurationAndLeaksNoThread() throws Exception {
        Path mdstat = Files.createTempDirectory("storage-hotswap").resolve("mdstat");
        Harness.write(mdstat, Mdstat.clean());
        Configuration c = configurationAdmin.getConfiguration(RaidMonitorIT.PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("mdstat.path", mdstat.toString());
        p.put("mdadm.path", "");
        p.put("poll.seconds", 1);
        c.update(p);
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 15_000);
            long monitorsBefore = monitorThreads();
            int threadsBefore = ownThreads();
            java.util.Set<String> namesBefore = threadNames();

            Version next = BundleUpdates.updateToNextVersion(context, "org.cabinetgw.storage");
            Bundle storage = BundleUpdates.bundle(context, "org.cabinetgw.storage");
            assertThat(storage.getVersion()).isEqualTo(next);

            // The new instance polls the same file: a member failing now is noticed.
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 15_000);
            h.clear();
            Harness.write(mdstat, Mdstat.sdc1Failed());
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DEGRADED, 15_000);

            long end = System.currentTimeMillis() + 10_000;
            while ((monitorThreads() > monitorsBefore || ownThreads() > threadsBefore)
                    && System.currentTimeMillis() < end) {
                Thread.sleep(100);
            }
            assertThat(monitorThreads()).as("storage monitor threads after the update").isEqualTo(monitorsBefore);
            java.util.Set<String> added = threadNames();
            added.removeAll(namesBefore);
            assertThat(ownThreads()).as("threads after the update; new: %s", added)
                    .isLessThanOrEqualTo(threadsBefore);
        } finally {
            c.delete();
            // the next test creates this PID (RaidMonitorIT) again: see ConfigurationEvents
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
    }

    /**
     * Live threads, less Event Admin's delivery pool: that pool grows on demand up to its bound (20 by
     * default) and keeps its threads, which is load, not a leak.
     */
    private static int ownThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("EventAdmin")).count();
    }

    private static java.util.Set<String> threadNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        Thread.getAllStackTraces().keySet().forEach(t -> names.add(t.getName()));
        return names;
    }

    private static long monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("cabinetgw-storage"))
                .count();
    }
}
