package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MeterRunsTest {

    @Test
    void runsThatFollowOnOrStartAgainAtOneHaveNoBreak() {
        List<Long> arrived = List.of(7L, 8L, 9L, 1L, 2L, 3L, 1L, 2L);
        assertThat(MeterRuns.breaks(arrived)).isEmpty();
        assertThat(MeterRuns.ends(arrived)).containsExactly(9L, 3L);
    }

    @Test
    void aMissingNumberAReorderAndALostFirstOfARunAreBreaks() {
        assertThat(MeterRuns.breaks(List.of(1L, 2L, 4L))).containsExactly("after 2: 4");
        assertThat(MeterRuns.breaks(List.of(1L, 3L, 2L))).containsExactly("after 1: 3", "after 3: 2");
        assertThat(MeterRuns.breaks(List.of(5L, 6L, 2L, 3L))).as("a restart whose 1 was lost").containsExactly("after 6: 2");
    }

    @Test
    void nothingOrOneNumberHasNoBreakAndNoEnd() {
        assertThat(MeterRuns.breaks(List.of())).isEmpty();
        assertThat(MeterRuns.breaks(List.of(42L))).isEmpty();
        assertThat(MeterRuns.ends(List.of(42L))).isEmpty();
    }
}
