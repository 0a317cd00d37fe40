package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.FilesystemAlarm;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A filesystem monitor on a real directory, measured by the real GNU stat; the mount table is a file
 * the test rewrites, since remounting read-only needs privileges a test should not assume.
 */
class FilesystemMonitorIT {

    static final String PID = "org.cabinetgw.storage.filesystem";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    Configuration configuration;

    @AfterEach
    void removeConfiguration() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
        // the next test creates the same factory PID and name again: see ConfigurationEvents
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    private static String mounts(Path mountPoint, String options) {
        return "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
                + "/dev/md2 " + mountPoint.toString().replace(" ", "\\040") + " ext4 " + options + " 0 0\n";
    }

    private void configure(Path mountsFile, Path mountPoint, int minFreePercent) throws Exception {
        configuration = configurationAdmin.getFactoryConfiguration(PID, "it", "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", "data");
        p.put("mount.point", mountPoint.toString());
        p.put("mounts.path", mountsFile.toString());
        p.put("poll.seconds", 5);
        p.put("min.free.percent", minFreePercent);
        p.put("min.free.inodes.percent", 0);
        configuration.update(p);
    }

    @Test
    void readOnlyRemountAndUnmountAreAlarmsThatClear() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/stat")), "GNU stat (coreutils) is missing");
        Path dir = Files.createTempDirectory("storage fs-it");
        Path table = dir.resolve("mounts");
        Harness.write(table, mounts(dir, "rw,relatime"));
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            configure(table, dir, 0);
            h.awaitHealth("storage.fs.data", x -> x.state() == HealthState.UP, 10_000);

            Harness.write(table, mounts(dir, "ro,relatime"));
            Event ro = h.await(e -> true, 10_000);
            assertThat(ro.getTopic()).isEqualTo(StorageEvents.FILESYSTEM_ALARM);
            assertThat(ro.getProperty(StorageEvents.ALARM)).isEqualTo(FilesystemAlarm.READ_ONLY.name());
            assertThat(ro.getProperty(StorageEvents.MOUNT_POINT)).isEqualTo(dir.toString());
            assertThat(h.awaitHealth("storage.fs.data", x -> x.state() == HealthState.DOWN, 5000).reason())
                    .contains("read-only");

            Harness.write(table, "proc /proc proc rw 0 0\n");
            Event gone = h.await(e -> true, 10_000);
            assertThat(gone.getTopic()).isEqualTo(StorageEvents.FILESYSTEM_ALARM);
            assertThat(gone.getProperty(StorageEvents.ALARM)).isEqualTo(FilesystemAlarm.NOT_MOUNTED.name());
            Event roCleared = h.await(e -> true, 10_000);
            assertThat(roCleared.getTopic()).isEqualTo(StorageEvents.FILESYSTEM_ALARM_CLEARED);
            assertThat(roCleared.getProperty(StorageEvents.ALARM)).isEqualTo(FilesystemAlarm.READ_ONLY.name());

            Harness.write(table, mounts(dir, "rw,relatime"));
            Event cleared = h.await(e -> true, 10_000);
            assertThat(cleared.getTopic()).isEqualTo(StorageEvents.FILESYSTEM_ALARM_CLEARED);
            assertThat(cleared.getProperty(StorageEvents.ALARM)).isEqualTo(FilesystemAlarm.NOT_MOUNTED.name());
            h.awaitHealth("storage.fs.data", x -> x.state() == HealthState.UP, 5000);
        }
    }

    @Test
    void lowSpaceFromTheRealFilesystem() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/stat")), "GNU stat (coreutils) is missing");
        Path dir = Files.createTempDirectory("storage-fs-space");
        long total = Files.getFileStore(dir).getTotalSpace();
        long unallocated = Files.getFileStore(dir).getUnallocatedSpace();
        long usable = Files.getFileStore(dir).getUsableSpace();
        // df's view: the blocks reserved for root count neither as used nor as available
        double dfFree = 100.0 * usable / (total - unallocated + usable);
        Assumptions.assumeTrue(dfFree < 97, "this filesystem is almost empty");
        Path table = dir.resolve("mounts");
        Harness.write(table, mounts(dir, "rw"));
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            configure(table, dir, 99);
            Event low = h.await(e -> true, 10_000);
            assertThat(low.getTopic()).isEqualTo(StorageEvents.FILESYSTEM_ALARM);
            assertThat(low.getProperty(StorageEvents.ALARM)).isEqualTo(FilesystemAlarm.LOW_SPACE.name());
            assertThat(((Number) low.getProperty(StorageEvents.VALUE)).doubleValue())
                    .isCloseTo(dfFree, org.assertj.core.data.Offset.offset(3.0));
            assertThat(h.awaitHealth("storage.fs.data", x -> x.state() == HealthState.DEGRADED, 5000)).isNotNull();
        }
    }
}
