package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The uplink's health reason says how many messages wait only as an order of magnitude: it must not churn. */
class WaitingReasonTest {

    @Test
    void ordersOfMagnitude() {
        assertThat(UplinkHealthAssessment.waiting(0)).isEqualTo("no messages waiting");
        assertThat(UplinkHealthAssessment.waiting(1)).isEqualTo("fewer than 10 messages waiting");
        assertThat(UplinkHealthAssessment.waiting(9)).isEqualTo("fewer than 10 messages waiting");
        assertThat(UplinkHealthAssessment.waiting(10)).isEqualTo("10+ messages waiting");
        assertThat(UplinkHealthAssessment.waiting(99)).isEqualTo("10+ messages waiting");
        assertThat(UplinkHealthAssessment.waiting(100)).isEqualTo("100+ messages waiting");
        assertThat(UplinkHealthAssessment.waiting(123_456)).isEqualTo("100,000+ messages waiting");
        assertThat(UplinkHealthAssessment.waiting(Long.MAX_VALUE)).isEqualTo("1,000,000,000,000,000,000+ messages waiting");
    }

    @Test
    void aGrowingQueueChangesTheReasonOnlyAtEachPowerOfTen() {
        int changes = 0;
        String last = UplinkHealthAssessment.waiting(0);
        for (long n = 1; n <= 100_000; n++) {
            String now = UplinkHealthAssessment.waiting(n);
            if (!now.equals(last)) {
                changes++;
                last = now;
            }
        }
        assertThat(changes).isEqualTo(6); // 1, 10, 100, 1,000, 10,000, 100,000
    }
}
