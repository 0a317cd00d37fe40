package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.SyncAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the kernel really prints, one fixture per case (written from md.c's md_seq_show and status_resync and
 * the personalities' status functions), each array with the health, reason and first-sight events the
 * monitor gives it. Every array of a fixture is listed, so a case that refuses or misjudges its neighbours
 * fails too.
 */
class KernelFormatsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // since 2024 a failed array says broken instead of active
                Arguments.of("broken.txt", "md0", HealthState.DOWN,
                        "md0 (raid1) has failed: the kernel marks it broken, 1 of 2 devices missing [U_], 1 faulty",
                        "md0 NewArray, md0 DegradedArray"),
                Arguments.of("broken.txt", "md1", HealthState.UP, "", "md1 NewArray"),
                Arguments.of("broken.txt", "md2", HealthState.DOWN, "md2 (raid0) has failed: the kernel marks it broken",
                        "md2 NewArray, md2 DegradedArray"),
                // inactive arrays name their level when the kernel knows one; one without members has its super
                Arguments.of("inactive-with-level.txt", "md4", HealthState.DOWN,
                        "md4 (raid1) is inactive: assembled from 2 member(s) but not running, faulty: sda3",
                        "md4 NewArray"),
                Arguments.of("inactive-with-level.txt", "md2", HealthState.DOWN,
                        "md2 (raid5) is inactive: assembled from 3 member(s) but not running", "md2 NewArray"),
                Arguments.of("inactive-with-level.txt", "md9", HealthState.DOWN,
                        "md9 is inactive: assembled from 0 member(s) but not running", "md9 NewArray"),
                Arguments.of("inactive-with-level.txt", "md0", HealthState.UP, "", "md0 NewArray"),
                // no members, so no blocks line: super and status follow on the array line
                Arguments.of("no-members.txt", "md3", HealthState.DOWN,
                        "md3 (raid1) has failed: 2 of 2 devices missing [__]", "md3 NewArray, md3 DegradedArray"),
                Arguments.of("no-members.txt", "md8", HealthState.DOWN,
                        "md8 (raid1) has failed: 2 of 2 devices missing [__]", "md8 NewArray, md8 DegradedArray"),
                // a finishing replacement is counted beside the member it replaces
                Arguments.of("replacement-finishing.txt", "md6", HealthState.UP, "", "md6 NewArray"),
                Arguments.of("replacement-finishing.txt", "md0", HealthState.UP, "", "md0 NewArray"),
                // Intel RST: the container is inactive by design, the volume is the array
                Arguments.of("external-imsm.txt", "md126", HealthState.UP, "", "md126 NewArray"),
                Arguments.of("external-imsm.txt", "md127", HealthState.UP, "", "md127 NewArray"),
                Arguments.of("imsm-volume-before-mdmon.txt", "md126", HealthState.DEGRADED,
                        "md126 (raid1) is not in sync: resync pending", "md126 NewArray"),
                Arguments.of("imsm-volume-before-mdmon.txt", "md127", HealthState.UP, "", "md127 NewArray"),
                Arguments.of("imsm-container-alone.txt", "md127", HealthState.DEGRADED,
                        "md127 is a container (imsm metadata) of 2 disk(s) with no volume assembled", "md127 NewArray"),
                // resync=DELAYED is printed for any sync action waiting its turn, a check too
                Arguments.of("delayed-beside-check.txt", "md1", HealthState.UP, "", "md1 NewArray"),
                Arguments.of("delayed-beside-check.txt", "md0", HealthState.UP, "", "md0 NewArray"),
                // a faulty member the count leaves out
                Arguments.of("faulty-not-counted.txt", "md5", HealthState.DEGRADED,
                        "md5 (raid5) has a faulty member: sdh1 (all 5 devices in sync [UUUUU])", "md5 NewArray"),
                Arguments.of("faulty-not-counted.txt", "md1", HealthState.DEGRADED,
                        "md1 (raid1) is degraded: 1 of 2 devices missing [U_], faulty: sdj1 sdi1",
                        "md1 NewArray, md1 DegradedArray"),
                // every other personality, named arrays, odd device names
                Arguments.of("other-personalities.txt", "md10", HealthState.UP, "", "md10 NewArray"),
                Arguments.of("other-personalities.txt", "md11", HealthState.UP, "", "md11 NewArray"),
                Arguments.of("other-personalities.txt", "md12", HealthState.UP, "", "md12 NewArray"),
                Arguments.of("other-personalities.txt", "md13", HealthState.DEGRADED,
                        "md13 (raid10) is degraded: 2 of 4 devices missing [U__U]", "md13 NewArray, md13 DegradedArray"),
                Arguments.of("other-personalities.txt", "md14", HealthState.UP, "", "md14 NewArray"),
                Arguments.of("other-personalities.txt", "md15", HealthState.UP, "", "md15 NewArray"),
                Arguments.of("other-personalities.txt", "md_home", HealthState.UP, "", "md_home NewArray"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void healthReasonAndEvents(String fixture, String array, HealthState state, String reason, String events)
            throws Exception {
        MdStatParser.Result r = MdStatParser.parse(Fixtures.text("mdstat/" + fixture));
        assertThat(r.refused()).isEmpty();
        MdStat mdstat = r.mdstat();
        List<ArrayAssessment> assessed = mdstat.arrays().stream()
                .map(a -> ArrayAssessment.of(a, null, 20, mdstat.volumesOf(a.name()))).toList();
        ArrayAssessment a = assessed.stream().filter(x -> x.array().name().equals(array)).findFirst().orElseThrow();
        assertThat(a.state()).isEqualTo(state);
        assertThat(a.reason()).isEqualTo(reason);
        String posted = new RaidEventDetector(20, Map.of()).update(assessed).stream().map(RaidEventRecord::toString)
                .filter(e -> e.startsWith(array + " ")).collect(Collectors.joining(", "));
        assertThat(posted).isEqualTo(events);
    }

    @Test
    void everyCaseCoversEveryArrayOfItsFixture() throws Exception {
        Map<String, List<String>> listed = cases().collect(Collectors.groupingBy(c -> (String) c.get()[0],
                Collectors.mapping(c -> (String) c.get()[1], Collectors.toList())));
        for (Map.Entry<String, List<String>> e : listed.entrySet()) {
            assertThat(Fixtures.mdstat(e.getKey()).arrays()).extracting(MdArray::name).as(e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    @Test
    void brokenIsRunningButFailed() {
        MdStat s = Fixtures.mdstat("broken.txt");
        MdArray md0 = s.array("md0").orElseThrow();
        assertThat(md0.active()).isTrue();
        assertThat(md0.broken()).isTrue();
        assertThat(md0.personality()).isEqualTo("raid1");
        assertThat(s.array("md1").orElseThrow().broken()).isFalse();
        MdArray md2 = s.array("md2").orElseThrow();
        assertThat(md2.readOnly()).isEqualTo("read-only");
        assertThat(md2.chunkKiB()).isEqualTo(512);
    }

    @Test
    void inactiveArraysKeepTheirLevelAndMembers() {
        MdStat s = Fixtures.mdstat("inactive-with-level.txt");
        MdArray md4 = s.array("md4").orElseThrow();
        assertThat(md4.active()).isFalse();
        assertThat(md4.personality()).isEqualTo("raid1");
        assertThat(md4.members()).extracting(MdMember::device).containsExactly("sda3", "sdb3");
        assertThat(md4.faultyCount()).isEqualTo(1);
        MdArray md9 = s.array("md9").orElseThrow();
        assertThat(md9.members()).isEmpty();
        assertThat(md9.superblock()).isEqualTo("1.2");
        assertThat(md9.blocks()).isEqualTo(-1);
    }

    @Test
    void replacementFinishingCountsInSync() {
        MdArray md6 = Fixtures.mdstat("replacement-finishing.txt").array("md6").orElseThrow();
        assertThat(md6.raidDevices()).isEqualTo(2);
        assertThat(md6.workingDevices()).isEqualTo(3);
        assertThat(md6.missingDevices()).isZero();
        assertThat(ArrayAssessment.memberStates(md6)).containsEntry("sdf1", MemberState.IN_SYNC)
                .containsEntry("sdb3", MemberState.IN_SYNC).containsEntry("sda3", MemberState.IN_SYNC);
    }

    @Test
    void containerAndVolumesAreTold() {
        MdStat s = Fixtures.mdstat("imsm-volume-before-mdmon.txt");
        MdArray volume = s.array("md126").orElseThrow();
        MdArray container = s.array("md127").orElseThrow();
        assertThat(volume.volumeOf()).isEqualTo("md127");
        assertThat(volume.container()).isFalse();
        assertThat(container.container()).isTrue();
        assertThat(container.volumeOf()).isEmpty();
        assertThat(s.volumesOf("md127")).containsExactly(volume);
        assertThat(s.volumesOf("md126")).isEmpty();
        // an inactive array with its own metadata is no container: it is an array that did not start
        assertThat(Fixtures.mdstat("inactive.txt").arrays().get(0).container()).isFalse();
        // a volume that did not start is inactive, and DOWN
        String stopped = Fixtures.text("mdstat/external-imsm.txt").replace("md126 : active raid1", "md126 : inactive");
        MdArray inactiveVolume = Fixtures.mdstatText(stopped).array("md126").orElseThrow();
        assertThat(inactiveVolume.container()).isFalse();
        assertThat(ArrayAssessment.of(inactiveVolume, null, 20).state()).isEqualTo(HealthState.DOWN);
    }

    @Test
    void otherPersonalitiesAndDetails() {
        MdStat s = Fixtures.mdstat("other-personalities.txt");
        assertThat(s.array("md10").orElseThrow().slots()).isEqualTo("UU");
        assertThat(s.array("md11").orElseThrow().personality()).isEqualTo("faulty");
        assertThat(s.array("md11").orElseThrow().raidDevices()).isEqualTo(-1);
        assertThat(s.array("md12").orElseThrow().copies()).isEqualTo(2);
        assertThat(s.array("md13").orElseThrow().copies()).isEqualTo(4); // 2 near x 2 far: all four hold a block
        MdArray md15 = s.array("md15").orElseThrow();
        assertThat(md15.superblock()).isEqualTo("non-persistent");
        assertThat(md15.members().get(0).writeMostly()).isTrue();
        assertThat(md15.sync()).isEqualTo(new MdSync(SyncAction.REPAIR, MdSync.Status.RUNNING, 11.0, 55000000,
                499975168, 41.3, 179432));
        assertThat(md15.bitmap().file()).isEqualTo("/var/lib/mdadm/md15.bitmap");
        assertThat(s.array("md_home").orElseThrow().members()).extracting(MdMember::device)
                .containsExactly("dm-3", "cciss/c0d0p1");
    }

    @Test
    void delayedOnACleanArrayIsAWaitingSyncNotADefect() {
        MdArray md1 = Fixtures.mdstat("delayed-beside-check.txt").array("md1").orElseThrow();
        assertThat(md1.sync().status()).isEqualTo(MdSync.Status.DELAYED);
        assertThat(md1.bitmap()).isNotNull();
        // while a real resync (not delayed) is still DEGRADED
        String resync = Fixtures.text("mdstat/delayed-beside-check.txt").replace("\tresync=DELAYED",
                "[>....................]  resync =  1.0% (4882534/488253440) finish=80.1min speed=100540K/sec");
        MdArray running = Fixtures.mdstatText(resync).array("md1").orElseThrow();
        assertThat(ArrayAssessment.of(running, null, 20).reason()).isEqualTo("md1 (raid1) is not in sync: resync 0 % done");
    }
}
