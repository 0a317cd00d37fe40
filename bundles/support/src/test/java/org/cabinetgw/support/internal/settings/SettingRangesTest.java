package org.cabinetgw.support.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SettingRangesTest {

    @Test
    void valuesInsideTheRangeIncludingItsEndsPass() {
        assertThat(SettingRanges.check("a", 1, 1, 10)).isEqualTo(1);
        assertThat(SettingRanges.check("a", 10L, 1, 10)).isEqualTo(10L);
        assertThat(SettingRanges.check("a", 0.5, 0.0, 1.0)).isEqualTo(0.5);
        assertThat(SettingRanges.check("pid", "a", 7, 1, 10)).isEqualTo(7);
    }

    @Test
    void aValueOutsideNamesTheSettingTheValueAndTheRange() {
        assertThatThrownBy(() -> SettingRanges.check("poll.seconds", 0, 1, 3600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("poll.seconds = 0 is out of range; allowed 1..3600");
        assertThatThrownBy(() -> SettingRanges.check("size", Long.MAX_VALUE, 1, 2048))
                .hasMessage("size = 9223372036854775807 is out of range; allowed 1..2048");
        assertThatThrownBy(() -> SettingRanges.check("org.cabinetgw.x", "poll.seconds", -1, 1, 3600))
                .hasMessage("org.cabinetgw.x: poll.seconds = -1 is out of range; allowed 1..3600");
    }

    @Test
    void notANumberIsOutOfEveryRange() {
        assertThatThrownBy(() -> SettingRanges.check("ratio", Double.NaN, 0.0, 1.0))
                .hasMessage("ratio = NaN is out of range; allowed 0.0..1.0");
        assertThatThrownBy(() -> SettingRanges.check("ratio", Double.POSITIVE_INFINITY, 0.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
