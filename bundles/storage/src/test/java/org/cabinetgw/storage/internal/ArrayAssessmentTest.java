package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

class ArrayAssessmentTest {

    private static ArrayAssessment assess(String fixture, String array) {
        return ArrayAssessment.of(Fixtures.mdstat(fixture).array(array).orElseThrow(), null, 20);
    }

    @Test
    void healthOfEveryState() {
        assertThat(assess("clean-raid1.txt", "md0").state()).isEqualTo(HealthState.UP);
        assertThat(assess("clean-raid1.txt", "md0").reason()).isEmpty();
        assertThat(assess("degraded-raid1-faulty.txt", "md0").state()).isEqualTo(HealthState.DEGRADED);
        assertThat(assess("recovery-raid5.txt", "md1").reason()).endsWith("recovery 0 % done");
        assertThat(assess("resync-raid1-metadata090.txt", "md0").reason())
                .isEqualTo("md0 (raid1) is not in sync: resync 0 % done");
        assertThat(assess("recovery-and-delayed.txt", "md1").reason()).endsWith("resync delayed");
        assertThat(assess("resync-pending-auto-read-only.txt", "md2").state()).isEqualTo(HealthState.DEGRADED);
        assertThat(assess("reshape-raid5.txt", "md3").state()).isEqualTo(HealthState.UP);
        assertThat(assess("check-raid6.txt", "md4").state()).isEqualTo(HealthState.UP);
        ArrayAssessment inactive = assess("inactive.txt", "md127");
        assertThat(inactive.state()).isEqualTo(HealthState.DOWN);
        assertThat(inactive.reason()).isEqualTo("md127 is inactive: assembled from 2 member(s) but not running");
        ArrayAssessment failed = assess("failed-raid5.txt", "md1");
        assertThat(failed.failed()).isTrue();
        assertThat(failed.state()).isEqualTo(HealthState.DOWN);
        assertThat(assess("member-flags.txt", "md6").reason())
                .isEqualTo("md6 (raid1) is rebuilding a member: recovery 0 % done");
        assertThat(assess("member-flags.txt", "md0").state()).isEqualTo(HealthState.UP);
        assertThat(assess("raid0-linear-raid10.txt", "md7").state()).isEqualTo(HealthState.UP);
    }

    @Test
    void memberStatesIncludingTheOneBeingRebuilt() {
        assertThat(assess("recovery-raid5.txt", "md1").members()).containsExactly(
                Map.entry("sdd1", MemberState.REBUILDING), Map.entry("sdc1", MemberState.IN_SYNC),
                Map.entry("sdb1", MemberState.IN_SYNC));
        assertThat(assess("member-flags.txt", "md0").members()).containsEntry("sdc1", MemberState.SPARE);
        assertThat(assess("member-flags.txt", "md5").members()).containsEntry("sde1", MemberState.JOURNAL);
        assertThat(assess("member-flags.txt", "md6").members()).containsEntry("sdf1", MemberState.REBUILDING)
                .containsEntry("sdb3", MemberState.IN_SYNC);
        assertThat(assess("failed-raid5.txt", "md1").members()).containsEntry("sdd1", MemberState.FAULTY);
    }

    @Test
    void raid0WithAFaultyMemberHasFailed() throws Exception {
        String text = Fixtures.text("mdstat/raid0-linear-raid10.txt").replace("sdc1[1]", "sdc1[1](F)");
        MdArray raid0 = MdStatParser.parse(text).mdstat().array("md7").orElseThrow();
        ArrayAssessment a = ArrayAssessment.of(raid0, null, 20);
        assertThat(a.state()).isEqualTo(HealthState.DOWN);
        assertThat(a.reason()).isEqualTo("md7 (raid0) has failed: 1 of 2 devices faulty");
    }

    @Test
    void raid10SurvivesUnlessBothCopiesAreMissing() {
        assertThat(ArrayAssessment.raid10Failed("U_U_", 2)).isFalse();
        assertThat(ArrayAssessment.raid10Failed("_UU_", 2)).isTrue();
        assertThat(ArrayAssessment.raid10Failed("UU__", 2)).isTrue();
        assertThat(ArrayAssessment.raid10Failed("_U_U_U", 3)).isFalse();
        assertThat(ArrayAssessment.raid10Failed("___UUU", 3)).isTrue();
        assertThat(ArrayAssessment.raid10Failed("__", 3)).isTrue();
    }

    @Test
    void raid6LosesDataOnlyAtThreeMissing() throws Exception {
        String two = Fixtures.text("mdstat/check-raid6.txt").replace("[4/4] [UUUU]", "[4/2] [U__U]");
        assertThat(ArrayAssessment.of(MdStatParser.parse(two).mdstat().arrays().get(0), null, 20).state())
                .isEqualTo(HealthState.DEGRADED);
        String three = Fixtures.text("mdstat/check-raid6.txt").replace("[4/4] [UUUU]", "[4/1] [U___]");
        assertThat(ArrayAssessment.of(MdStatParser.parse(three).mdstat().arrays().get(0), null, 20).state())
                .isEqualTo(HealthState.DOWN);
    }

    @Test
    void mdadmSayingFailedWins() {
        MdadmDetail failed = new MdadmDetail("raid1", 2, "1.2", "u", "n", "clean, FAILED", Map.of());
        ArrayAssessment a = ArrayAssessment.of(Fixtures.mdstat("clean-raid1.txt").arrays().get(0), failed, 20);
        assertThat(a.state()).isEqualTo(HealthState.DOWN);
        assertThat(a.reason()).isEqualTo("md0 (raid1) has failed: mdadm reports it failed");
    }
}
