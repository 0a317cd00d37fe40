package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final LoginThrottle throttle = new LoginThrottle();

    @Test
    void fiveTyposAreFreeThenEachFailureDoublesTheWaitUpToTheCap() {
        long now = 1_000_000;
        for (int i = 1; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.failed("10.0.0.9", now).lockMillis()).isZero();
            assertThat(throttle.lockedFor("10.0.0.9", now)).isZero();
        }
        long expected = 1000;
        for (int i = 0; i < 15; i++) {
            LoginThrottle.Failure f = throttle.failed("10.0.0.9", now);
            assertThat(f.lockMillis()).isEqualTo(Math.min(expected, LoginThrottle.MAX_LOCK_SECONDS * 1000));
            assertThat(throttle.lockedFor("10.0.0.9", now)).isEqualTo(f.lockMillis());
            now += f.lockMillis(); // the guesser waits exactly as long as it must
            assertThat(throttle.lockedFor("10.0.0.9", now)).isZero();
            expected *= 2;
        }
    }

    @Test
    void guessesPerHourFromOneAddressAreFew() {
        long now = 0;
        int guesses = 0;
        while (now < 3_600_000) {
            long wait = throttle.lockedFor("a", now);
            if (wait > 0) {
                now += wait;
                continue;
            }
            throttle.failed("a", now);
            guesses++;
        }
        assertThat(guesses).isLessThanOrEqualTo(25);
    }

    @Test
    void aSuccessForgetsAndOtherAddressesAreNotTouched() {
        for (int i = 0; i < 8; i++) {
            throttle.failed("guesser", 0);
        }
        assertThat(throttle.lockedFor("guesser", 0)).isPositive();
        assertThat(throttle.lockedFor("administrator", 0)).isZero();
        throttle.succeeded("guesser");
        assertThat(throttle.lockedFor("guesser", 0)).isZero();
        assertThat(throttle.failed("guesser", 0).inARow()).isEqualTo(1);
    }

    @Test
    void logsTheFirstFailureThenAtMostOneLineAMinutePerAddressWithTheCount() {
        assertThat(throttle.failed("x", 0).loggedSince()).isEqualTo(1);
        assertThat(throttle.failed("x", 10_000).logNow()).isFalse();
        assertThat(throttle.failed("x", 59_000).logNow()).isFalse();
        assertThat(throttle.failed("y", 59_000).loggedSince()).isEqualTo(1); // another address has its own line
        assertThat(throttle.failed("x", 60_000).loggedSince()).isEqualTo(3);
    }

    @Test
    void memoryIsBoundedWhateverTheNumberOfAddresses() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES * 3; i++) {
            throttle.failed("addr-" + i, i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_ADDRESSES);
    }
}
