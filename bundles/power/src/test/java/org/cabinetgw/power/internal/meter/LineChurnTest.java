package org.cabinetgw.power.internal.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineChurnTest {

    private static final long S = 1000;

    @Test
    void aReconnectEveryFewPollsIsChurnAndOneBlipIsNot() {
        LineChurn churn = new LineChurn();
        churn.record(0, 0, 0);
        churn.record(1 * S, 1, 0); // the first connect
        churn.record(60 * S, 2, 0); // one blip a minute later
        assertThat(churn.churning()).isFalse();
        long reconnects = 2;
        for (long t = 61 * S; t <= 80 * S; t += S) { // then a reconnect every second for 20 s
            churn.record(t, ++reconnects, 0);
        }
        assertThat(churn.churning()).isTrue();
        assertThat(churn.describe()).isEqualTo("22 reconnects and 0 retries in the last 5 minutes");
    }

    @Test
    void retriesCountTooAndTheWindowForgetsAfterFiveMinutesWithHysteresis() {
        LineChurn churn = new LineChurn();
        churn.record(0, 1, 0);
        churn.record(10 * S, 1, 6);
        assertThat(churn.churning()).as("6 retries in 5 minutes").isTrue();
        churn.record(200 * S, 1, 7);
        assertThat(churn.churning()).isTrue();
        churn.record(320 * S, 1, 7); // the 6 retries at 10 s left the window; 1 (at 200 s) is left
        assertThat(churn.retries()).isEqualTo(1);
        assertThat(churn.churning()).as("back at or below 2").isFalse();
        churn.record(330 * S, 1, 10); // 4 in the window: above 2 but not above 5: stays UP
        assertThat(churn.churning()).isFalse();
    }
}
