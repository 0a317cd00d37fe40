package org.cabinetgw.kura.bridge.internal.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.uplink.HostedCloudConnection.Outcome;
import org.junit.jupiter.api.Test;

class PendingConfirmationsTest {

    /** Records what became of one message. */
    static final class Recorded implements Outcome {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void delivered() {
            calls.add("delivered");
        }

        @Override
        public synchronized void failed(String reason) {
            calls.add("failed: " + reason);
        }
    }

    private final PendingConfirmations pending = new PendingConfirmations(1000);

    @Test
    void aConfirmationDeliversItsMessageOnceAndASecondOneIsUnknown() {
        Recorded a = new Recorded();
        pending.accepted("7", a, 0);
        assertThat(a.calls).isEmpty();
        assertThat(pending.confirmed("7")).isTrue();
        assertThat(pending.confirmed("7")).isFalse();
        assertThat(a.calls).containsExactly("delivered");
        assertThat(pending.unknownConfirmations()).isEqualTo(1);
        assertThat(pending.size()).isZero();
    }

    @Test
    void aConfirmationForAnUnknownIdDeliversNothing() {
        Recorded a = new Recorded();
        pending.accepted("1", a, 0);
        assertThat(pending.confirmed("not-ours")).isFalse();
        assertThat(pending.confirmed(" ")).isFalse();
        assertThat(a.calls).isEmpty();
        assertThat(pending.size()).isEqualTo(1);
    }

    @Test
    void aConfirmationBeforePublishReturnedTheIdDeliversWhenTheIdArrives() {
        assertThat(pending.confirmed("9")).isFalse();
        Recorded a = new Recorded();
        pending.accepted("9", a, 0);
        assertThat(a.calls).containsExactly("delivered");
        assertThat(pending.size()).isZero();
    }

    @Test
    void aMessageNeverConfirmedFailsAtItsDeadlineNotBefore() {
        Recorded a = new Recorded();
        pending.accepted("1", a, 0);
        assertThat(pending.expire(999, "late")).isZero();
        assertThat(a.calls).isEmpty();
        assertThat(pending.expire(1000, "late")).isEqualTo(1);
        assertThat(a.calls).containsExactly("failed: late");
        // a confirmation after it was given up is unknown: it cannot deliver it a second time
        assertThat(pending.confirmed("1")).isFalse();
        assertThat(a.calls).hasSize(1);
    }

    @Test
    void aReconnectionStartsEveryDeadlineOver() {
        Recorded a = new Recorded();
        pending.accepted("1", a, 0);
        pending.restartDeadlines(5000);
        assertThat(pending.expire(5999, "late")).isZero();
        assertThat(pending.expire(6000, "late")).isEqualTo(1);
    }

    @Test
    void abandoningFailsEveryWaitingMessage() {
        Recorded a = new Recorded();
        Recorded b = new Recorded();
        pending.accepted("1", a, 0);
        pending.accepted("2", b, 0);
        assertThat(pending.abandonAll("gone")).isEqualTo(2);
        assertThat(a.calls).containsExactly("failed: gone");
        assertThat(b.calls).containsExactly("failed: gone");
        assertThat(pending.confirmed("1")).isFalse();
    }

    @Test
    void theSameIdReturnedTwiceFailsTheOlderMessage() {
        Recorded a = new Recorded();
        Recorded b = new Recorded();
        pending.accepted("1", a, 0);
        pending.accepted("1", b, 0);
        assertThat(a.calls).singleElement().asString().startsWith("failed: ");
        pending.confirmed("1");
        assertThat(b.calls).containsExactly("delivered");
    }

    @Test
    void earlyConfirmationsAreBounded() {
        for (int i = 0; i < PendingConfirmations.EARLY_KEPT + 10; i++) {
            pending.confirmed("x" + i);
        }
        Recorded oldest = new Recorded();
        pending.accepted("x0", oldest, 0);
        assertThat(oldest.calls).as("the oldest early confirmation was forgotten").isEmpty();
        Recorded newest = new Recorded();
        pending.accepted("x" + (PendingConfirmations.EARLY_KEPT + 9), newest, 0);
        assertThat(newest.calls).containsExactly("delivered");
    }
}
