package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cabinetgw.storage.internal.RaidEventDetectorReplayTest.assess;
import static org.cabinetgw.storage.internal.RaidEventDetectorReplayTest.assessText;
import static org.cabinetgw.storage.internal.RaidEventDetectorReplayTest.names;

import java.util.List;
import java.util.Map;

import org.cabinetgw.storage.StorageEvents;
import org.junit.jupiter.api.Test;

class RaidEventDetectorTest {

    private final RaidEventDetector detector = new RaidEventDetector(20, Map.of());

    @Test
    void arrayFirstSeenDegradedIsNewAndDegraded() throws Exception {
        assertThat(names(detector.update(assess("mdstat/degraded-raid1-faulty.txt"))))
                .containsExactly("md0 NewArray", "md0 DegradedArray");
    }

    @Test
    void nothingHappensWhenNothingChanges() throws Exception {
        detector.update(assess("mdstat/recovery-raid5.txt"));
        assertThat(detector.update(assess("mdstat/recovery-raid5.txt"))).isEmpty();
    }

    @Test
    void arrayFirstSeenMidRebuildGetsNoStartButItsEnd() throws Exception {
        assertThat(names(detector.update(assess("replay/06-recovery-45.txt"))))
                .containsExactly("md1 NewArray", "md1 DegradedArray");
        assertThat(names(detector.update(assess("replay/07-recovery-61.txt")))).containsExactly("md1 Rebuild60");
        assertThat(names(detector.update(assess("replay/10-clean.txt"))))
                .containsExactly("md1 RebuildFinished", "md1 SpareActive sdd1");
    }

    @Test
    void vanishedArrayIsDeviceDisappeared() throws Exception {
        detector.update(assess("mdstat/recovery-and-delayed.txt"));
        String text = Fixtures.text("mdstat/recovery-and-delayed.txt");
        String withoutMd1 = text.substring(0, text.indexOf("md1 :")) + "unused devices: <none>\n";
        assertThat(names(detector.update(assessText(withoutMd1)))).containsExactly("md1 DeviceDisappeared");
    }

    @Test
    void delayedResyncIsNotARebuildUntilItRuns() throws Exception {
        List<RaidEventRecord> first = detector.update(assess("mdstat/recovery-and-delayed.txt"));
        assertThat(names(first)).containsExactly("md0 NewArray", "md0 DegradedArray", "md1 NewArray",
                "md1 DegradedArray");
    }

    @Test
    void waitingBetweenTwoRunningPhasesIsOneRebuild() throws Exception {
        detector.update(assess("replay/05-recovery-20.txt"));
        String delayed = Fixtures.text("replay/05-recovery-20.txt").replaceAll("\\[=+>\\.+\\].*", "\tresync=DELAYED");
        assertThat(detector.update(assessText(delayed))).isEmpty();
        assertThat(names(detector.update(assess("replay/06-recovery-45.txt")))).containsExactly("md1 Rebuild40");
    }

    @Test
    void spareThatFailsIsFailSpare() throws Exception {
        detector.update(assess("mdstat/member-flags.txt"));
        String failed = Fixtures.text("mdstat/member-flags.txt").replace("sdc1[2](S)", "sdc1[2](F)");
        assertThat(names(detector.update(assessText(failed)))).containsExactly("md0 FailSpare sdc1");
    }

    @Test
    void memberBeingRebuiltThatVanishesIsFailSpare() throws Exception {
        detector.update(assess("replay/06-recovery-45.txt"));
        String gone = Fixtures.text("replay/06-recovery-45.txt").replace("sdd1[3] ", "")
                .replaceAll("\\s+\\[=+>\\.+\\].*", "");
        assertThat(names(detector.update(assessText(gone)))).containsExactly("md1 RebuildFinished", "md1 FailSpare sdd1");
    }

    @Test
    void changeOfSyncActionEndsOneRebuildAndStartsAnother() throws Exception {
        detector.update(assess("replay/06-recovery-45.txt"));
        String check = Fixtures.text("replay/06-recovery-45.txt").replace("recovery =", "check =");
        assertThat(names(detector.update(assessText(check)))).containsExactly("md1 RebuildFinished",
                "md1 RebuildStarted");
    }

    @Test
    void sparesMissingOnFirstSightAndWhenASpareIsUsedUp() throws Exception {
        RaidEventDetector withSpares = new RaidEventDetector(20, Map.of("md0", 1, "md1", 1));
        List<RaidEventRecord> first = withSpares.update(assess("mdstat/recovery-raid5.txt"));
        assertThat(names(first)).containsExactly("md1 NewArray", "md1 DegradedArray", "md1 SparesMissing");
        assertThat(first.get(2).properties()).containsEntry(StorageEvents.SPARES, 0)
                .containsEntry(StorageEvents.EXPECTED_SPARES, 1);

        RaidEventDetector md0 = new RaidEventDetector(20, Map.of("md0", 1));
        assertThat(names(md0.update(assess("mdstat/member-flags.txt")))).doesNotContain("md0 SparesMissing");
        String spareTaken = Fixtures.text("mdstat/member-flags.txt").replace("sdc1[2](S) ", "");
        assertThat(names(md0.update(assessText(spareTaken)))).containsExactly("md0 SparesMissing");
        assertThat(md0.update(assessText(spareTaken))).isEmpty();
    }

    @Test
    void configurableStep() throws Exception {
        RaidEventDetector quarter = new RaidEventDetector(25, Map.of());
        quarter.update(assess("replay/03-recovery-0.txt"));
        assertThat(names(quarter.update(assess("replay/05-recovery-20.txt")))).isEmpty();
        assertThat(names(quarter.update(assess("replay/06-recovery-45.txt")))).containsExactly("md1 Rebuild25");
        assertThat(names(quarter.update(assess("replay/07-recovery-61.txt")))).containsExactly("md1 Rebuild50");
        assertThat(names(quarter.update(assess("replay/08-recovery-83.txt")))).containsExactly("md1 Rebuild75");
    }

    @Test
    void resetMakesEveryArrayNewAgain() throws Exception {
        detector.update(assess("mdstat/clean-raid1.txt"));
        detector.reset();
        assertThat(names(detector.update(assess("mdstat/clean-raid1.txt")))).containsExactly("md0 NewArray");
    }

    @Test
    void anArrayNotUnderstoodIsNeitherGoneNorChangedAndIsComparedWithItsLastKnownStateOnceReadable()
            throws Exception {
        detector.update(assess("replay-raid1-broken/01-clean.txt"));
        String garbled = Fixtures.text("replay-raid1-broken/02-sdb1-faulty.txt").replace("md0 : active", "md0 : frozen");
        MdStatParser.Result r = MdStatParser.parse(garbled);
        assertThat(r.refused()).extracting(MdStatParser.RefusedArray::name).containsExactly("md0");
        List<ArrayAssessment> kept = assessText(garbled);
        assertThat(kept).extracting(a -> a.array().name()).containsExactly("md1");
        assertThat(detector.update(kept, java.util.Set.of("md0"))).isEmpty();
        // readable again: the failure that happened meanwhile is still news, and md0 is not new
        assertThat(names(detector.update(assess("replay-raid1-broken/02-sdb1-faulty.txt"))))
                .containsExactly("md0 Fail sdb1");
    }

    @Test
    void anArrayFirstSeenBrokenIsNewAndDegraded() throws Exception {
        assertThat(names(detector.update(assess("mdstat/broken.txt")))).containsExactly("md0 NewArray",
                "md0 DegradedArray", "md1 NewArray", "md2 NewArray", "md2 DegradedArray");
    }

    @Test
    void raid0MarkedBrokenIsAFailOfTheArray() throws Exception {
        String before = Fixtures.text("mdstat/broken.txt").replace("md2 : broken (read-only)", "md2 : active (read-only)");
        detector.update(assessText(before));
        List<RaidEventRecord> events = detector.update(assess("mdstat/broken.txt"));
        assertThat(names(events)).containsExactly("md2 Fail");
        assertThat(events.get(0).properties()).doesNotContainKey(StorageEvents.MEMBER)
                .containsEntry(StorageEvents.LEVEL, "raid0");
        assertThat(events.get(0).type().alarm()).isTrue();
    }

    @Test
    void replacementCountedInSyncIsSpareActive() throws Exception {
        String rebuilding = Fixtures.text("mdstat/replacement-finishing.txt").replace("[2/3] [UU]",
                "[2/2] [UU]\n      [=========>...........]  recovery = 45.0% (471398/1047552) finish=0.5min speed=20480K/sec");
        assertThat(names(detector.update(assessText(rebuilding)))).containsExactly("md6 NewArray", "md0 NewArray");
        assertThat(names(detector.update(assess("mdstat/replacement-finishing.txt"))))
                .containsExactly("md6 RebuildFinished", "md6 SpareActive sdf1");
    }

    @Test
    void stepOutsideRangeIsRefused() {
        assertThatThrownBy(() -> new RaidEventDetector(0, Map.of())).hasMessageContaining("stepPercent 0");
        assertThatThrownBy(() -> new RaidEventDetector(51, Map.of())).hasMessageContaining("1-50");
    }
}
