package org.cabinetgw.uplink.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The log throttle on a made-up clock (milliseconds). */
class RetryLogTest {

    @Test
    void firstFailureIsLoggedThenOnlyOneSummaryPerInterval() {
        RetryLog log = new RetryLog("Uplink MQTT", 60_000);
        assertThat(log.failed(1_000, "3 messages not delivered (refused)", "sending again in 217 ms"))
                .isEqualTo("Uplink MQTT: 3 messages not delivered (refused); sending again in 217 ms"
                        + " (further failures summarised every 60 s)");
        int lines = 0;
        // a retry every 10 ms for 10 minutes: 60,000 failures
        for (long t = 1_010; t <= 601_000; t += 10) {
            if (log.failed(t, "3 messages not delivered (refused)", "sending again in 10 ms") != null) {
                lines++;
            }
        }
        assertThat(lines).isEqualTo(10);
        assertThat(log.failing()).isTrue();
        assertThat(log.failingSince()).isEqualTo(1_000);
        assertThat(log.attempts()).isEqualTo(60_001);
    }

    @Test
    void summarySaysHowManyAttemptsAndTheLastReason() {
        RetryLog log = new RetryLog("Uplink MQTT", 1_000);
        log.failed(0, "a", "r");
        assertThat(log.failed(500, "b", "r")).isNull();
        assertThat(log.failed(1_000, "c", "again in 5 ms"))
                .isEqualTo("Uplink MQTT: still failing after 3 attempts in 1 s (2 since the last report); last: c;"
                        + " again in 5 ms");
        assertThat(log.failed(1_999, "d", "r")).isNull();
        assertThat(log.failed(2_000, "e", "r")).contains("5 attempts", "(2 since the last report)", "last: e");
    }

    @Test
    void successClosesTheStreakOnceAndTheNextFailureIsReportedAtOnce() {
        RetryLog log = new RetryLog("Uplink HTTP", 60_000);
        assertThat(log.succeeded(0, "delivering")).isNull();
        log.failed(0, "x", "r");
        log.failed(10, "x", "r");
        assertThat(log.succeeded(5_000, "delivering"))
                .isEqualTo("Uplink HTTP: delivering again after 2 failed attempts in 5 s");
        assertThat(log.failing()).isFalse();
        assertThat(log.failingSince()).isEqualTo(-1);
        assertThat(log.succeeded(5_001, "delivering")).isNull();
        assertThat(log.failed(5_002, "y", "r")).startsWith("Uplink HTTP: y; r");
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThatThrownBy(() -> new RetryLog("x", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("summaryMillis");
    }
}
