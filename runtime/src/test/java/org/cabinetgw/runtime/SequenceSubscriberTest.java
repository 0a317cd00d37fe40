package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The loss and gap checks of the end-to-end test can fail: a missing number and a long pause are found. */
class SequenceSubscriberTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static SequenceSubscriber.Received r(long seq, long millis) {
        return new SequenceSubscriber.Received("id-" + seq + "-" + millis, seq, "1.0.0", T0.plusMillis(millis));
    }

    @Test
    void aMissingNumberIsFoundAndDuplicatesAndDisorderAreNotLosses() {
        assertThat(SequenceSubscriber.missing(List.of(r(1, 0), r(3, 200), r(2, 100), r(2, 100)))).isEmpty();
        assertThat(SequenceSubscriber.missing(List.of(r(1, 0), r(2, 100), r(4, 300)))).containsExactly(3L);
        assertThat(SequenceSubscriber.missing(List.of(r(3, 0)))).as("the first messages never arrived").containsExactly(1L, 2L);
        assertThat(SequenceSubscriber.missing(List.of())).isEmpty();
    }

    @Test
    void theLongestGapIsBetweenConsecutiveNumbersByTheirOwnTimeStamps() {
        assertThat(SequenceSubscriber.longestGap(List.of(r(1, 0), r(2, 20), r(3, 40), r(4, 195), r(5, 215))))
                .isEqualTo(Duration.ofMillis(155));
        // arrival order does not matter, a duplicate keeps its first time stamp
        assertThat(SequenceSubscriber.longestGap(List.of(r(2, 20), r(1, 0), r(2, 900)))).isEqualTo(Duration.ofMillis(20));
    }
}
