package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.DiskAlarm;
import org.cabinetgw.storage.FilesystemAlarm;
import org.junit.jupiter.api.Test;

class AssessmentsTest {

    private static final DiskThresholds DEFAULTS = new DiskThresholds(10, 0, 60, 90, 0);
    private static final FilesystemLimits LIMITS = new FilesystemLimits(10, 5, 1, true);
    private static final MountEntry RW = new MountEntry("/dev/md1", "/", "ext4", List.of("rw", "relatime"));

    private static SmartReport smart(String fixture) throws Exception {
        return SmartctlParser.parse(Fixtures.text("smart/" + fixture));
    }

    @Test
    void healthyDisksAreUp() throws Exception {
        assertThat(DiskAssessment.of("a", smart("sata-healthy.json"), DEFAULTS).state()).isEqualTo(HealthState.UP);
        assertThat(DiskAssessment.of("a", smart("nvme-healthy.json"), DEFAULTS).reason()).isEmpty();
    }

    @Test
    void failingSataIsDownWithEveryAlarm() throws Exception {
        DiskAssessment a = DiskAssessment.of("b", smart("sata-failing.json"), DEFAULTS);
        assertThat(a.state()).isEqualTo(HealthState.DOWN);
        assertThat(a.alarms()).containsOnlyKeys(DiskAlarm.SMART_FAILED, DiskAlarm.REALLOCATED_SECTORS,
                DiskAlarm.PENDING_SECTORS, DiskAlarm.TEMPERATURE);
        assertThat(a.alarms().get(DiskAlarm.REALLOCATED_SECTORS).value()).isEqualTo(3912L);
        assertThat(a.reason()).startsWith("disk b fails its SMART overall-health self-assessment");
    }

    @Test
    void wornSsdIsDegraded() throws Exception {
        DiskAssessment a = DiskAssessment.of("c", smart("ssd-wear.json"), DEFAULTS);
        assertThat(a.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(a.alarms()).containsOnlyKeys(DiskAlarm.WEAR);
        assertThat(a.reason()).isEqualTo("disk c has used 93 % of its rated endurance (limit 90 %)");
    }

    @Test
    void criticalNvme() throws Exception {
        DiskAssessment a = DiskAssessment.of("n", smart("nvme-worn-critical.json"), DEFAULTS);
        assertThat(a.alarms()).containsOnlyKeys(DiskAlarm.SMART_FAILED, DiskAlarm.TEMPERATURE, DiskAlarm.WEAR,
                DiskAlarm.MEDIA_ERRORS);
        assertThat(a.alarms().get(DiskAlarm.MEDIA_ERRORS).text()).contains("critical warning 0x4");
    }

    @Test
    void thresholdsAreStrictlyAbove() throws Exception {
        DiskThresholds tight = new DiskThresholds(10, 0, 37, 90, 0);
        assertThat(DiskAssessment.of("a", smart("sata-healthy.json"), tight).state()).isEqualTo(HealthState.UP);
        DiskThresholds tighter = new DiskThresholds(10, 0, 36, 90, 0);
        assertThat(DiskAssessment.of("a", smart("sata-healthy.json"), tighter).alarms())
                .containsOnlyKeys(DiskAlarm.TEMPERATURE);
    }

    @Test
    void filesystemStates() {
        FsUsage plenty = new FsUsage(4096, 1000, 600, 550, 1000, 900);
        FsUsage full = new FsUsage(4096, 1000, 60, 10, 1000, 900);
        FsUsage noInodes = new FsUsage(4096, 1000, 600, 550, 1000, 10);
        assertThat(FilesystemAssessment.of("/", RW, plenty, LIMITS, Set.of()).state()).isEqualTo(HealthState.UP);
        FilesystemAssessment low = FilesystemAssessment.of("/", RW, full, LIMITS, Set.of());
        assertThat(low.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(low.alarms()).containsOnlyKeys(FilesystemAlarm.LOW_SPACE);
        assertThat(low.reason()).isEqualTo("/ has 1.1 % free (0 MiB), below 10.0 %");
        assertThat(FilesystemAssessment.of("/", RW, noInodes, LIMITS, Set.of()).alarms())
                .containsOnlyKeys(FilesystemAlarm.LOW_INODES);
        MountEntry ro = new MountEntry("/dev/md2", "/var", "ext4", List.of("ro", "relatime"));
        FilesystemAssessment readOnly = FilesystemAssessment.of("/var", ro, plenty, LIMITS, Set.of());
        assertThat(readOnly.state()).isEqualTo(HealthState.DOWN);
        assertThat(readOnly.alarms()).containsOnlyKeys(FilesystemAlarm.READ_ONLY);
        assertThat(FilesystemAssessment.of("/var", ro, plenty, new FilesystemLimits(10, 5, 1, false), Set.of()).state())
                .isEqualTo(HealthState.UP);
        FilesystemAssessment gone = FilesystemAssessment.of("/data", null, null, LIMITS, Set.of());
        assertThat(gone.state()).isEqualTo(HealthState.DOWN);
        assertThat(gone.reason()).isEqualTo("/data is not mounted");
    }

    @Test
    void lowSpaceClearsOnlyAboveTheHysteresis() {
        // 10.5 % free: below 10 + 1 while the alarm is on, not below 10 when it is off
        FsUsage edge = new FsUsage(4096, 1000, 105, 105, 0, 0);
        assertThat(FilesystemAssessment.of("/", RW, edge, LIMITS, Set.of()).alarms()).isEmpty();
        assertThat(FilesystemAssessment.of("/", RW, edge, LIMITS, Set.of(FilesystemAlarm.LOW_SPACE)).alarms())
                .containsOnlyKeys(FilesystemAlarm.LOW_SPACE);
        FsUsage clear = new FsUsage(4096, 1000, 115, 115, 0, 0);
        assertThat(FilesystemAssessment.of("/", RW, clear, LIMITS, Set.of(FilesystemAlarm.LOW_SPACE)).alarms())
                .isEmpty();
    }

    @Test
    void alarmChanges() {
        AlarmReading r = new AlarmReading(1, 2, "x");
        AlarmChanges<DiskAlarm> c = AlarmChanges.between(Map.of(DiskAlarm.WEAR, r, DiskAlarm.TEMPERATURE, r),
                Map.of(DiskAlarm.TEMPERATURE, r, DiskAlarm.SMART_FAILED, r));
        assertThat(c.raised()).extracting(Map.Entry::getKey).containsExactly(DiskAlarm.SMART_FAILED);
        assertThat(c.cleared()).extracting(Map.Entry::getKey).containsExactly(DiskAlarm.WEAR);
    }
}
