package org.cabinetgw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void returnsTheFirstValueThatSatisfiesTheConditionAsSoonAsItComes() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        int value = Await.until("the third call", Duration.ofSeconds(30), calls::incrementAndGet, v -> v >= 3);
        assertThat(value).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void failsAtTheTimeoutNamingWhatWasAwaitedAndTheLastValue() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Await.until("the answer", Duration.ofMillis(200), () -> 41, v -> v == 42))
                .isInstanceOf(AssertionError.class).hasMessageContaining("the answer did not happen within 200 ms")
                .hasMessageContaining("last seen: 41");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aProbeThatThrowsIsNotYetAndItsLastExceptionIsTheCause() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Await.nonNull("a value after two failures", Duration.ofSeconds(30), () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("not yet");
            }
            return "here";
        })).isEqualTo("here");
        assertThatThrownBy(() -> Await.until("never", Duration.ofMillis(100), () -> {
            throw new IOException("refused");
        })).hasMessageContaining("last seen: java.io.IOException: refused").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void withinGivesTheValueOrNothingAtTheTimeoutWithoutFailing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThat(Await.within(Duration.ofSeconds(30), calls::incrementAndGet, v -> v >= 2)).contains(2);
        long start = System.nanoTime();
        assertThat(Await.within(Duration.ofMillis(200), () -> 41, v -> v == 42)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
