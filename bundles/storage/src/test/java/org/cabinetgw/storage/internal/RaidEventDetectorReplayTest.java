package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.RaidEvent;
import org.cabinetgw.storage.StorageEvents;
import org.junit.jupiter.api.Test;

/**
 * Replays a raid5's life, one mdstat snapshot per poll: clean, a member fails, recovery from 0 to
 * 100 %, clean again, a second member fails, and a third fails during that recovery, losing the array.
 */
class RaidEventDetectorReplayTest {

    private static final String[] SNAPSHOTS = { "01-clean.txt", "02-sdc1-failed.txt", "03-recovery-0.txt",
            "04-recovery-19.txt", "05-recovery-20.txt", "06-recovery-45.txt", "07-recovery-61.txt",
            "08-recovery-83.txt", "09-recovery-99.txt", "10-clean.txt", "11-sdb1-failed.txt", "12-recovery-30.txt",
            "13-recovery-41.txt", "14-sda1-failed-during-recovery.txt" };

    @Test
    void exactEventSequenceAndHealthOfEverySnapshot() throws Exception {
        RaidEventDetector detector = new RaidEventDetector(20, Map.of());
        List<String> events = new ArrayList<>();
        List<String> health = new ArrayList<>();
        for (String snapshot : SNAPSHOTS) {
            MdStat mdstat = MdStatParser.parse(Fixtures.text("replay/" + snapshot)).mdstat();
            List<ArrayAssessment> assessed = mdstat.arrays().stream().map(a -> ArrayAssessment.of(a, null, 20))
                    .collect(Collectors.toList());
            for (RaidEventRecord e : detector.update(assessed)) {
                events.add(snapshot.substring(0, 2) + " " + e);
            }
            health.add(assessed.get(0).state() + " " + assessed.get(0).reason());
        }
        assertThat(events).containsExactly(
                "01 md1 NewArray",
                "02 md1 Fail sdc1",
                "03 md1 RebuildStarted",
                "05 md1 Rebuild20",
                "06 md1 Rebuild40",
                "07 md1 Rebuild60",
                "08 md1 Rebuild80",
                "10 md1 RebuildFinished",
                "10 md1 SpareActive sdd1",
                "11 md1 Fail sdb1",
                "12 md1 RebuildStarted",
                "13 md1 Rebuild40",
                "14 md1 RebuildFinished",
                "14 md1 Fail sda1");
        assertThat(health).containsExactly(
                "UP ",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_]",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 0 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 0 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 20 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 40 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 60 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 80 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [UU_], recovery 80 % done",
                "UP ",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [U_U]",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [U_U], recovery 20 % done",
                "DEGRADED md1 (raid5) is degraded: 1 of 3 devices missing [U_U], recovery 40 % done",
                "DOWN md1 (raid5) has failed: 2 of 3 devices missing [__U], 1 faulty");
    }

    @Test
    void raid1LosesAMemberThenTheKernelMarksItBroken() throws Exception {
        List<List<String>> r = replay("replay-raid1-broken", "01-clean.txt", "02-sdb1-faulty.txt",
                "03-sda1-error-broken.txt");
        assertThat(r.get(0)).containsExactly(
                "01 md0 NewArray",
                "01 md1 NewArray",
                "02 md0 Fail sdb1",
                "03 md0 Fail");
        assertThat(r.get(1)).containsExactly(
                "01 md0 UP",
                "01 md1 UP",
                "02 md0 DEGRADED md0 (raid1) is degraded: 1 of 2 devices missing [U_]",
                "02 md1 UP",
                "03 md0 DOWN md0 (raid1) has failed: the kernel marks it broken, 1 of 2 devices missing [U_], 1 faulty",
                "03 md1 UP");
    }

    @Test
    void imsmContainerAndItsVolumeThroughARebuild() throws Exception {
        List<List<String>> r = replay("replay-imsm-rebuild", "01-clean.txt", "02-sdb-faulty.txt",
                "03-sdb-removed.txt", "04-sdc-added-recovery-0.txt", "05-recovery-45.txt", "06-recovery-99.txt",
                "07-clean.txt");
        assertThat(r.get(0)).containsExactly(
                "01 md126 NewArray",
                "01 md127 NewArray",
                "02 md126 Fail sdb",
                "04 md126 RebuildStarted",
                "05 md126 Rebuild40",
                "06 md126 Rebuild80",
                "07 md126 RebuildFinished",
                "07 md126 SpareActive sdc");
        // the container is UP throughout: inactive by design, it only holds the disks
        assertThat(r.get(1)).filteredOn(h -> h.contains("md127")).allMatch(h -> h.endsWith("md127 UP")).hasSize(7);
        assertThat(r.get(1)).filteredOn(h -> h.contains("md126")).containsExactly(
                "01 md126 UP",
                "02 md126 DEGRADED md126 (raid1) is degraded: 1 of 2 devices missing [U_]",
                "03 md126 DEGRADED md126 (raid1) is degraded: 1 of 2 devices missing [U_]",
                "04 md126 DEGRADED md126 (raid1) is degraded: 1 of 2 devices missing [U_], recovery 0 % done",
                "05 md126 DEGRADED md126 (raid1) is degraded: 1 of 2 devices missing [U_], recovery 40 % done",
                "06 md126 DEGRADED md126 (raid1) is degraded: 1 of 2 devices missing [U_], recovery 80 % done",
                "07 md126 UP");
    }

    @Test
    void eventPropertiesCarryWhatMdadmWouldSay() throws Exception {
        RaidEventDetector detector = new RaidEventDetector(20, Map.of());
        detector.update(assess("replay/04-recovery-19.txt"));
        RaidEventRecord step = detector.update(assess("replay/05-recovery-20.txt")).get(0);
        assertThat(step.type()).isEqualTo(RaidEvent.REBUILD_PROGRESS);
        assertThat(step.properties()).containsEntry(StorageEvents.ARRAY, "md1")
                .containsEntry(StorageEvents.MDADM_EVENT, "Rebuild20").containsEntry(StorageEvents.PERCENT, 20)
                .containsEntry(StorageEvents.SYNC_ACTION, "RECOVERY").containsEntry(StorageEvents.LEVEL, "raid5")
                .containsEntry(StorageEvents.RAID_DEVICES, 3).containsEntry(StorageEvents.WORKING_DEVICES, 2);
        detector.update(assess("replay/13-recovery-41.txt"));
        RaidEventRecord fail = detector.update(assess("replay/14-sda1-failed-during-recovery.txt")).get(1);
        assertThat(fail.type()).isEqualTo(RaidEvent.FAIL);
        assertThat(fail.properties()).containsEntry(StorageEvents.MEMBER, "sda1");
    }

    static List<ArrayAssessment> assess(String fixture) throws SourceFormatException {
        return assessText(Fixtures.text(fixture));
    }

    /** Every array of the file, assessed as the monitor does (a container beside its volumes). */
    static List<ArrayAssessment> assessText(String text) throws SourceFormatException {
        MdStat mdstat = MdStatParser.parse(text).mdstat();
        return mdstat.arrays().stream().map(a -> ArrayAssessment.of(a, null, 20, mdstat.volumesOf(a.name())))
                .collect(Collectors.toList());
    }

    /**
     * Replays the snapshots of a directory through the detector: each event as "NN event", and each
     * array's health as "NN mdX STATE reason".
     */
    static List<List<String>> replay(String dir, String... snapshots) throws Exception {
        RaidEventDetector detector = new RaidEventDetector(20, Map.of());
        List<String> events = new ArrayList<>();
        List<String> health = new ArrayList<>();
        for (String snapshot : snapshots) {
            List<ArrayAssessment> assessed = assess(dir + "/" + snapshot);
            for (RaidEventRecord e : detector.update(assessed)) {
                events.add(snapshot.substring(0, 2) + " " + e);
            }
            for (ArrayAssessment a : assessed) {
                health.add(snapshot.substring(0, 2) + " " + a.array().name() + " " + a.state()
                        + (a.reason().isEmpty() ? "" : " " + a.reason()));
            }
        }
        return List.of(events, health);
    }

    static List<String> names(List<RaidEventRecord> events) {
        return events.stream().map(RaidEventRecord::toString).collect(Collectors.toList());
    }
}
