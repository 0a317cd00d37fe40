package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long MS = 1_000_000L;

    @Test
    void allowsTheFirstAttempt() {
        assertThat(new Backoff(30_000 * MS).mayAttempt(0)).isTrue();
    }

    @Test
    void doublesFromOneHundredMillisecondsUpToTheMaximum() {
        Backoff b = new Backoff(1_000 * MS);
        long now = 0;
        long[] expected = {100, 200, 400, 800, 1000, 1000};
        for (long e : expected) {
            b.failed(now);
            assertThat(b.currentWaitNanos()).isEqualTo(e * MS);
            assertThat(b.mayAttempt(now + e * MS - 1)).isFalse();
            assertThat(b.remaining(now)).isEqualTo(e * MS);
            now += e * MS;
            assertThat(b.mayAttempt(now)).isTrue();
        }
    }

    @Test
    void successStartsOver() {
        Backoff b = new Backoff(10_000 * MS);
        b.failed(0);
        b.failed(100 * MS);
        b.succeeded();
        assertThat(b.mayAttempt(100 * MS)).isTrue();
        b.failed(500 * MS);
        assertThat(b.currentWaitNanos()).isEqualTo(100 * MS);
    }

    @Test
    void aMaximumBelowTheFirstWaitIsRaisedToIt() {
        Backoff b = new Backoff(0);
        b.failed(0);
        b.failed(0);
        assertThat(b.currentWaitNanos()).isEqualTo(100 * MS);
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        Backoff b = new Backoff(1_000 * MS);
        long now = Long.MAX_VALUE - 50 * MS;
        b.failed(now);
        assertThat(b.mayAttempt(now + 99 * MS)).isFalse();
        assertThat(b.mayAttempt(now + 100 * MS)).isTrue();
    }

    @Test
    void aRefusedAttemptIsRepeatedWithinASecondWhileSilenceKeepsDoubling() {
        Backoff b = new Backoff(30_000 * MS);
        long now = 0;
        for (int i = 0; i < 10; i++) { // ten refusals: the doubled wait would be 51.2 s, capped at 30 s
            b.refused(now);
            assertThat(b.remaining(now)).isLessThanOrEqualTo(1_000 * MS);
            now += b.remaining(now);
        }
        assertThat(b.currentWaitNanos()).isEqualTo(30_000 * MS);
        b.failed(now); // no answer at all: the full doubled wait
        assertThat(b.remaining(now)).isEqualTo(30_000 * MS);
        Backoff small = new Backoff(300 * MS);
        small.refused(0);
        small.refused(100 * MS);
        small.refused(300 * MS);
        assertThat(small.remaining(300 * MS)).isEqualTo(300 * MS); // never above the endpoint's maximum
    }
}
