package org.cabinetgw.uplink.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysGrowExponentiallyWithinBoundsAndJitter() {
        Backoff b = new Backoff(100, 10_000, new Random(1));
        long ceiling = 100;
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            long d = b.nextDelayMillis();
            assertThat(d).isBetween(100L, Math.min(ceiling, 10_000L));
            ceiling *= 2;
            seen.add(d);
        }
        assertThat(seen).as("jitter spreads the delays").hasSizeGreaterThan(10);
        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(100);
    }

    @Test
    void manyAttemptsDoNotOverflow() {
        Backoff b = new Backoff(1, Long.MAX_VALUE / 2, new Random(2));
        for (int i = 0; i < 200; i++) {
            assertThat(b.nextDelayMillis()).isPositive();
        }
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThatThrownBy(() -> new Backoff(0, 10, new Random())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10, new Random())).isInstanceOf(IllegalArgumentException.class);
    }
}
