package org.cabinetgw.storage.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.ArrayMember;
import org.cabinetgw.storage.ArraySnapshot;
import org.cabinetgw.storage.ArrayStatus;
import org.cabinetgw.storage.RaidEvent;
import org.cabinetgw.storage.SyncAction;
import org.cabinetgw.testing.Await;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The RAID monitor in a real framework, configured through ConfigurationAdmin and pointed at a file
 * the test rewrites as the kernel would: events through Event Admin, health through the whiteboard.
 */
class RaidMonitorIT {

    static final String PID = "org.cabinetgw.storage.raid";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    Path dir;
    Path mdstat;
    Configuration configuration;

    @BeforeEach
    void files() throws Exception {
        dir = Files.createTempDirectory("storage-it");
        mdstat = dir.resolve("mdstat");
    }

    @AfterEach
    void removeConfiguration() throws Exception {
        if (configuration != null) {
            configuration.delete();
        }
        // the next test creates this PID again: only once SCR has acted on the delete (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        long end = System.currentTimeMillis() + 10_000;
        while (Harness.threadAlive("cabinetgw-storage-raid") && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
    }

    private void configure(String mdadmPath, int pollSeconds) throws Exception {
        configuration = configurationAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("mdstat.path", mdstat.toString());
        p.put("mdadm.path", mdadmPath);
        p.put("poll.seconds", pollSeconds);
        p.put("expected.spares", new String[] { "md1=0" });
        configuration.update(p);
    }

    private static String mdadm(Event e) {
        return e.getProperty(StorageEvents.MDADM_EVENT) + (e.getProperty(StorageEvents.MEMBER) == null ? ""
                : " " + e.getProperty(StorageEvents.MEMBER));
    }

    @Test
    void failureRecoveryAndEndAreEventsAndHealth() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.clean());
            configure("", 1);

            Event first = h.await(e -> true, 10_000);
            assertThat(first.getTopic()).isEqualTo(StorageEvents.NEW_ARRAY);
            assertThat(first.getProperty(StorageEvents.ARRAY)).isEqualTo("md1");
            assertThat(first.getProperty(StorageEvents.LEVEL)).isEqualTo("raid5");
            assertThat(first.getProperty(StorageEvents.TIMESTAMP)).isInstanceOf(Long.class);
            assertThat(h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 5000)).isNotNull();
            assertThat(h.health("storage.raid").state()).isEqualTo(HealthState.UP);

            Harness.write(mdstat, Mdstat.sdc1Failed());
            Event fail = h.await(e -> true, 10_000);
            assertThat(fail.getTopic()).isEqualTo(RaidEvent.FAIL.topic());
            assertThat(mdadm(fail)).isEqualTo("Fail sdc1");
            assertThat(h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DEGRADED, 5000).reason())
                    .isEqualTo("md1 (raid5) is degraded: 1 of 3 devices missing [UU_]");

            Harness.write(mdstat, Mdstat.recovery("[>....................]", "  0.0", 0));
            assertThat(mdadm(h.await(e -> true, 10_000))).isEqualTo("RebuildStarted");
            Harness.write(mdstat, Mdstat.recovery("[=========>...........]", " 45.0", 471398));
            Event step = h.await(e -> true, 10_000);
            assertThat(mdadm(step)).isEqualTo("Rebuild40");
            assertThat(step.getProperty(StorageEvents.PERCENT)).isEqualTo(40);
            // the ArrayStatus service: the progress as mdstat prints it, and which member is being rebuilt
            ArraySnapshot rebuilding = Await.until("md1 at 45 % in the ArrayStatus service", Duration.ofSeconds(10),
                    () -> arrays().stream().filter(a -> a.name().equals("md1")).findFirst().orElse(null),
                    a -> a != null && a.syncRunning() && a.syncPercent() == 45.0);
            assertThat(rebuilding.level()).isEqualTo("raid5");
            assertThat(rebuilding.state()).isEqualTo(HealthState.DEGRADED);
            assertThat(rebuilding.syncAction()).isEqualTo(SyncAction.RECOVERY);
            assertThat(rebuilding.members()).contains(new ArrayMember("sdd1", ArrayMember.Role.REBUILDING));

            Harness.write(mdstat, Mdstat.rebuilt());
            assertThat(mdadm(h.await(e -> true, 10_000))).isEqualTo("RebuildFinished");
            assertThat(mdadm(h.await(e -> true, 10_000))).isEqualTo("SpareActive sdd1");
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 5000);
            ArraySnapshot clean = Await.until("md1 UP in the ArrayStatus service", Duration.ofSeconds(10),
                    () -> arrays().get(0), a -> a.state() == HealthState.UP);
            assertThat(clean.syncRunning()).isFalse();
            assertThat(clean.members()).allMatch(m -> m.role() == ArrayMember.Role.IN_SYNC);
        }
    }

    /** The RAID monitor's ArrayStatus service; fails when it is not registered. */
    private List<ArraySnapshot> arrays() {
        ServiceReference<ArrayStatus> ref = context.getServiceReference(ArrayStatus.class);
        assertThat(ref).as("the ArrayStatus service").isNotNull();
        try {
            return context.getService(ref).arrays();
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    void garbageMakesTheSourceDownWithoutEventsAndRecovers() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*", HealthEvents.CHANGED)) {
            Harness.write(mdstat, Mdstat.clean());
            configure("", 1);
            h.await(e -> StorageEvents.NEW_ARRAY.equals(e.getTopic()), 10_000);

            Harness.write(mdstat, Mdstat.clean().substring(0, 90)); // cut mid-array, as a torn read would be
            Event down = h.await(e -> HealthEvents.CHANGED.equals(e.getTopic())
                    && "storage.raid".equals(e.getProperty(HealthEvents.COMPONENT)), 10_000);
            assertThat(down.getProperty(HealthEvents.STATE)).isEqualTo("DOWN");
            assertThat((String) down.getProperty(HealthEvents.REASON)).contains("truncated");

            Harness.write(mdstat, "\u0000\u0001garbage\u00ff");
            h.awaitHealth("storage.raid", x -> x.reason().contains("binary"), 5000);
            Files.delete(mdstat);
            h.awaitHealth("storage.raid", x -> x.reason().contains("does not exist"), 5000);
            // no DeviceDisappeared: an unreadable file says nothing about the arrays
            List<Event> during = h.drain(1500);
            assertThat(during.stream().map(Event::getTopic).collect(Collectors.toList()))
                    .doesNotContain(StorageEvents.DEVICE_DISAPPEARED);
            assertThat(h.health("storage.raid.md1").state()).isEqualTo(HealthState.UP);

            Harness.write(mdstat, Mdstat.clean());
            h.awaitHealth("storage.raid", x -> x.state() == HealthState.UP, 5000);
        }
    }

    @Test
    void anArrayMarkedBrokenIsDownAndAFailIsPosted() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.sdc1Failed());
            configure("", 1);
            h.await(e -> StorageEvents.NEW_ARRAY.equals(e.getTopic()), 10_000);
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DEGRADED, 5000);
            h.drain(500);

            Harness.write(mdstat, Mdstat.broken());
            Event fail = h.await(e -> true, 10_000);
            assertThat(mdadm(fail)).isEqualTo("Fail sdb1");
            assertThat(RaidEvent.FAIL.alarm()).isTrue();
            assertThat(h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DOWN, 5000).reason())
                    .isEqualTo("md1 (raid5) has failed: the kernel marks it broken, 2 of 3 devices missing [U__], 2 faulty");
            assertThat(h.health("storage.raid").state()).isEqualTo(HealthState.UP);
        }
    }

    @Test
    void anArrayWhoseEntryIsNotUnderstoodIsDownNamingTheLineAndTheOthersAreKept() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.withHealthyMd0(Mdstat.clean()));
            configure("", 1);
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 10_000);
            h.awaitHealth("storage.raid.md0", x -> x.state() == HealthState.UP, 5000);
            h.drain(500);

            // md1's line as no kernel writes it; md0 beside it fails a member meanwhile
            Harness.write(mdstat, Mdstat.withHealthyMd0(Mdstat.clean()).replace("md1 : active", "md1 : frozen")
                    .replace("sdf1[1] sde1[0]", "sdf1[1](F) sde1[0]").replace("[2/2] [UU]", "[2/1] [U_]"));
            Health md1 = h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DOWN, 10_000);
            assertThat(md1.reason()).startsWith("md1 cannot be assessed, its mdstat entry is not understood: "
                    + "mdstat line 2: unknown state 'frozen'");
            Event fail = h.await(e -> true, 5000);
            assertThat(fail.getProperty(StorageEvents.ARRAY)).isEqualTo("md0");
            assertThat(mdadm(fail)).isEqualTo("Fail sdf1");
            assertThat(h.awaitHealth("storage.raid.md0", x -> x.state() == HealthState.DEGRADED, 5000)).isNotNull();
            Health source = h.awaitHealth("storage.raid", x -> x.state() == HealthState.DEGRADED, 5000);
            assertThat(source.reason()).contains("1 array entry is not understood").contains("line 2");
            // listed, so not gone: no DeviceDisappeared, and not new when it is readable again
            Harness.write(mdstat, Mdstat.withHealthyMd0(Mdstat.clean()));
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.UP, 10_000);
            h.awaitHealth("storage.raid", x -> x.state() == HealthState.UP, 5000);
            List<String> events = h.drain(1500).stream().map(e -> e.getProperty(StorageEvents.ARRAY) + " " + mdadm(e))
                    .collect(Collectors.toList());
            assertThat(events).allMatch(e -> e.startsWith("md0 ")).doesNotContain("md1 DeviceDisappeared", "md1 NewArray");
        }
    }

    @Test
    void withTheRealMdadmButNoSuchArrayTheMonitorCarriesOn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mdadm")),
                "mdadm is not installed (apt-get install mdadm)");
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.sdc1Failed());
            configure("/usr/sbin/mdadm", 1);
            assertThat(h.await(e -> true, 10_000).getTopic()).isEqualTo(StorageEvents.NEW_ARRAY);
            Event degraded = h.await(e -> true, 10_000);
            assertThat(degraded.getTopic()).isEqualTo(StorageEvents.DEGRADED_ARRAY);
            assertThat(degraded.getProperty(StorageEvents.UUID)).isNull(); // mdadm cannot open /dev/md1 here
            h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DEGRADED, 5000);
        }
    }

    @Test
    void anArrayThatVanishesIsDeviceDisappearedAndDown() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.clean());
            configure("", 1);
            h.await(e -> StorageEvents.NEW_ARRAY.equals(e.getTopic()), 10_000);
            Harness.write(mdstat, "Personalities : [raid6] [raid5] [raid4] \nunused devices: <none>\n");
            Event gone = h.await(e -> true, 10_000);
            assertThat(gone.getTopic()).isEqualTo(StorageEvents.DEVICE_DISAPPEARED);
            assertThat(h.awaitHealth("storage.raid.md1", x -> x.state() == HealthState.DOWN, 5000).reason())
                    .contains("disappeared");
        }
    }

    @Test
    void outOfRangeConfigurationIsRefusedAndValidOneStartsIt() throws Exception {
        Harness.write(mdstat, Mdstat.clean());
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            configure("", 0);
            assertThat(h.drain(2000)).isEmpty();
            assertThat(h.health("storage.raid")).isNull();
            assertThat(Harness.threadAlive("cabinetgw-storage-raid")).isFalse();

            Dictionary<String, Object> p = configuration.getProperties();
            p.put("poll.seconds", 1);
            configuration.update(p);
            h.await(e -> StorageEvents.NEW_ARRAY.equals(e.getTopic()), 10_000);
            assertThat(Harness.threadAlive("cabinetgw-storage-raid")).isTrue();
        }
    }

    @Test
    void removingTheConfigurationStopsTheThreadAndWithdrawsHealth() throws Exception {
        try (Harness h = new Harness(context, StorageEvents.TOPIC_PREFIX + "*")) {
            Harness.write(mdstat, Mdstat.clean());
            configure("", 1);
            h.await(e -> StorageEvents.NEW_ARRAY.equals(e.getTopic()), 10_000);
            h.awaitHealth("storage.raid.md1", x -> true, 5000);

            configuration.delete();
            configuration = null;
            long end = System.currentTimeMillis() + 10_000;
            while ((Harness.threadAlive("cabinetgw-storage-raid") || h.health("storage.raid.md1") != null)
                    && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertThat(Harness.threadAlive("cabinetgw-storage-raid")).isFalse();
            assertThat(h.health("storage.raid.md1")).isNull();
            assertThat(h.health("storage.raid")).isNull();
        }
    }
}
