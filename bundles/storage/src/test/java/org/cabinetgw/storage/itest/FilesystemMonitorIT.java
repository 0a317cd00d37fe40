package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.FilesystemAlarm;
import org.cabinetgw.storage.FilesystemSnapshot;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.testing.Await;
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

    /** A temporary directory and, in it, the mount table ({@code mounts}) showing it mounted read-write. */
    private static Path mountedDirectory(String name) throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/stat")), "GNU stat (coreutils) is missing");
        Path dir = Files.createTempDirectory(name);
        Harness.write(dir.resolve("mounts"), mounts(dir, "rw,relatime"));
        return dir;
    }

    @Test
    void aRefusedConfigurationIsItsOwnEntryAndACorrectedOneStartsTheMonitor() throws Exception {
        Path dir = mountedDirectory("storage fs-refused-it");
        Path table = dir.resolve("mounts");
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            configure(table, dir, 0);
            Dictionary<String, Object> p = configuration.getProperties();
            p.put("poll.seconds", 0);
            configuration.update(p);
            String entry = "config:" + configuration.getPid();
            var refused = h.awaitHealth(entry, x -> x.state() == HealthState.DOWN, 10_000);
            assertThat(refused.reason()).contains("poll.seconds = 0 is out of range");
            assertThat(h.health("storage.fs.data")).as("nothing started").isNull();

            p.put("poll.seconds", 5);
            configuration.update(p);
            h.awaitHealth("storage.fs.data", x -> x.state() == HealthState.UP, 10_000);
            Await.until(entry + " withdrawn", Duration.ofSeconds(10), () -> h.health(entry) == null);
        }
    }

    @Test
    void readOnlyRemountAndUnmountAreAlarmsThatClear() throws Exception {
        Path dir = mountedDirectory("storage fs-it");
        Path table = dir.resolve("mounts");
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

            // the same check, readable as a service: what the dashboard plots
            FilesystemSnapshot s = Await.until("the FilesystemStatus of data after a check", Duration.ofSeconds(10),
                    () -> status("data").snapshot(), x -> x.checked() != null);
            assertThat(s.mountPoint()).isEqualTo(dir.toString());
            assertThat(s.mounted()).isTrue();
            assertThat(s.readOnly()).isFalse();
            assertThat(s.fsType()).isEqualTo("ext4"); // the test's mount table says so
            assertThat(s.freePercent()).isCloseTo(dfFree, org.assertj.core.data.Offset.offset(3.0));
            assertThat(s.totalBytes()).isCloseTo(total, org.assertj.core.data.Percentage.withPercentage(1));
            assertThat(s.availableBytes()).isPositive().isLessThanOrEqualTo(s.totalBytes());
            assertThat(s.error()).isEmpty();
        }
        // the configuration deleted: its service goes with it
        configuration.delete();
        configuration = null;
        Await.until("the FilesystemStatus of data withdrawn", Duration.ofSeconds(10),
                () -> context.getServiceReferences(FilesystemStatus.class, "(filesystem.name=data)").isEmpty());
    }

    @Test
    void aMountPointNotMountedIsAStatusWithoutSpace() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/stat")), "GNU stat (coreutils) is missing");
        Path dir = Files.createTempDirectory("storage-fs-gone");
        Path table = dir.resolve("mounts");
        Harness.write(table, "proc /proc proc rw 0 0\n");
        configure(table, dir, 0);
        FilesystemSnapshot s = Await.until("the FilesystemStatus of data after a check", Duration.ofSeconds(10),
                () -> status("data").snapshot(), x -> x.checked() != null);
        assertThat(s.mounted()).isFalse();
        assertThat(s.totalBytes()).isEqualTo(-1);
        assertThat(s.freePercent()).isNaN();
    }

    /** The one FilesystemStatus service of that name (fails the probe until there is one). */
    private FilesystemStatus status(String name) throws Exception {
        var refs = context.getServiceReferences(FilesystemStatus.class, "(" + FilesystemStatus.NAME + "=" + name + ")");
        if (refs.size() != 1) {
            throw new IllegalStateException(refs.size() + " FilesystemStatus services named " + name);
        }
        return context.getService(refs.iterator().next());
    }
}
