package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.ArrayMember;
import org.cabinetgw.storage.ArraySnapshot;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.SyncAction;
import org.junit.jupiter.api.Test;

/** What the ArrayStatus and DiskStatus services give a reader, from what the monitors parsed and assessed. */
class StatusServicesTest {

    private static final Instant T0 = Instant.parse("2026-12-07T06:00:00Z");

    @Test
    void anArrayBeingRebuiltWithItsMembersProgressAndTheHealthEntrysWords() {
        MdArray md1 = Fixtures.mdstat("recovery-raid5.txt").array("md1").orElseThrow();
        ArrayAssessment a = ArrayAssessment.of(md1, null, 20);
        Health h = new Health(a.state(), a.reason(), T0.minusSeconds(60));
        ArrayStatusService service = new ArrayStatusService();
        assertThat(service.arrays()).isEmpty(); // before the first read

        service.read(Map.of("md1", h), List.of(a), T0);

        ArraySnapshot s = service.arrays().get(0);
        assertThat(s.name()).isEqualTo("md1");
        assertThat(s.level()).isEqualTo("raid5");
        assertThat(s.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(s.reason()).isEqualTo(h.reason()).contains("1 of 3 devices missing");
        assertThat(s.raidDevices()).isEqualTo(3);
        assertThat(s.workingDevices()).isEqualTo(2);
        assertThat(s.members()).containsExactly(new ArrayMember("sdd1", ArrayMember.Role.REBUILDING),
                new ArrayMember("sdc1", ArrayMember.Role.IN_SYNC), new ArrayMember("sdb1", ArrayMember.Role.IN_SYNC));
        assertThat(s.syncAction()).isEqualTo(SyncAction.RECOVERY);
        assertThat(s.syncRunning()).isTrue();
        assertThat(s.syncPercent()).isEqualTo(12.6); // as printed, not the health entry's 20 % step
        assertThat(s.syncFinishMinutes()).isEqualTo(0.8);
        assertThat(s.checked()).isEqualTo(T0);
    }

    @Test
    void aCleanArrayHasNoSyncAndAnArrayGoneKeepsItsLastShapeWithWhyItIsDown() {
        MdArray md0 = Fixtures.mdstat("clean-raid1.txt").arrays().get(0);
        ArrayAssessment a = ArrayAssessment.of(md0, null, 20);
        ArrayStatusService service = new ArrayStatusService();
        Map<String, Health> health = new LinkedHashMap<>();
        health.put(md0.name(), new Health(HealthState.UP, "", T0));
        service.read(health, List.of(a), T0);
        ArraySnapshot clean = service.arrays().get(0);
        assertThat(clean.state()).isEqualTo(HealthState.UP);
        assertThat(clean.syncAction()).isNull();
        assertThat(clean.syncRunning()).isFalse();
        assertThat(clean.syncPercent()).isNaN();
        assertThat(clean.members()).allMatch(m -> m.role() == ArrayMember.Role.IN_SYNC).isNotEmpty();

        // the next read: md0 gone from mdstat, and a second array seen for the first time (no shape known of it)
        health.put(md0.name(), new Health(HealthState.DOWN, md0.name() + " has disappeared from /proc/mdstat", T0));
        health.put("md9", new Health(HealthState.DOWN, "md9 cannot be assessed, its mdstat entry is not understood", T0));
        service.read(health, List.of(), T0.plusSeconds(5));
        assertThat(service.arrays()).extracting(ArraySnapshot::name).containsExactly(md0.name(), "md9");
        ArraySnapshot gone = service.arrays().get(0);
        assertThat(gone.state()).isEqualTo(HealthState.DOWN);
        assertThat(gone.reason()).contains("disappeared");
        assertThat(gone.members()).isEqualTo(clean.members());
        assertThat(gone.level()).isEqualTo(clean.level());
        assertThat(gone.checked()).isEqualTo(T0.plusSeconds(5));
        ArraySnapshot unknown = service.arrays().get(1);
        assertThat(unknown.level()).isEmpty();
        assertThat(unknown.members()).isEmpty();
        assertThat(unknown.raidDevices()).isEqualTo(-1);
    }

    @Test
    void aDiskBeforeItsFirstReadThenReadThenUnreadable() {
        DiskStatusService service = new DiskStatusService("sys", "/dev/sda", Health.degraded("not read yet", T0));
        DiskSnapshot before = service.snapshot();
        assertThat(before.checked()).isNull();
        assertThat(before.state()).isEqualTo(HealthState.DEGRADED);
        assertThat(before.smartPassed()).isNull();

        SmartReport r = new SmartReport("/dev/sda", "ATA", true, 12L, 0L, 41, null, null, null, 0, "<b>model</b>", "S1");
        service.read(T0, r, new Health(HealthState.DEGRADED, "disk sys has 12 reallocated sectors (limit 10)", T0));
        DiskSnapshot read = service.snapshot();
        assertThat(read.name()).isEqualTo("sys");
        assertThat(read.device()).isEqualTo("/dev/sda");
        assertThat(read.checked()).isEqualTo(T0);
        assertThat(read.smartPassed()).isTrue();
        assertThat(read.temperatureCelsius()).isEqualTo(41);
        assertThat(read.reallocatedSectors()).isEqualTo(12L);
        assertThat(read.model()).isEqualTo("<b>model</b>");
        assertThat(read.reason()).contains("12 reallocated");
        assertThat(read.error()).isEmpty();

        service.failed(T0.plusSeconds(300), new Health(HealthState.DOWN, "cannot read SMART of /dev/sda: timed out", T0));
        DiskSnapshot failed = service.snapshot();
        assertThat(failed.state()).isEqualTo(HealthState.DOWN);
        assertThat(failed.error()).contains("timed out");
        assertThat(failed.smartPassed()).isNull();
        assertThat(failed.temperatureCelsius()).isNull();
        assertThat(failed.model()).isEmpty();
    }
}
