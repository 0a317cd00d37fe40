package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.junit.jupiter.api.Test;

/** Alarms raised while the uplink's bundle is replaced are held and handed over in order, not lost. */
class UplinkHandoverTest {

    /** An uplink that takes messages, or refuses them with a given reason, or throws as a stopping service does. */
    private static final class FakeUplink implements Uplink {
        final List<String> taken = new ArrayList<>();
        volatile Reason refuse;
        volatile boolean gone;

        @Override
        public void publish(Message m) throws UplinkRefusedException {
            if (gone) {
                throw new IllegalStateException("service unregistered");
            }
            if (refuse != null) {
                throw new UplinkRefusedException(refuse, "refused: " + refuse);
            }
            taken.add(m.payload());
        }
    }

    private final AtomicReference<Uplink> current = new AtomicReference<>();
    private final UplinkHandover handover = new UplinkHandover(current::get);

    private static Message alarm(String text) {
        return new Message(Message.newId(), "failover.coordinator", "failover/alarm", Priority.ALARM,
                java.time.Instant.now(), Map.of("text", text), text);
    }

    @Test
    void withAnUplinkEveryMessageIsHandedOverAtOnce() {
        FakeUplink u = new FakeUplink();
        current.set(u);
        assertThat(handover.publish(alarm("a"))).isTrue();
        assertThat(u.taken).containsExactly("a");
        assertThat(handover.held()).isZero();
    }

    @Test
    void whileTheUplinkIsReplacedMessagesAreHeldAndThenHandedOverInOrder() {
        FakeUplink old = new FakeUplink();
        current.set(old);
        handover.publish(alarm("1"));
        old.refuse = Reason.UNAVAILABLE; // stopping
        assertThat(handover.publish(alarm("2"))).as("held counts as accepted").isTrue();
        old.gone = true; // unregistered under the call
        handover.publish(alarm("3"));
        current.set(null); // no service for a moment
        handover.publish(alarm("4"));
        assertThat(handover.held()).isEqualTo(3);

        FakeUplink next = new FakeUplink();
        current.set(next);
        handover.publish(alarm("5")); // after what is held, not before
        assertThat(next.taken).containsExactly("2", "3", "4", "5");
        assertThat(old.taken).containsExactly("1");
        assertThat(handover.held()).isZero();
    }

    @Test
    void flushHandsOverWhatWasHeldWithoutANewMessage() {
        handover.publish(alarm("x"));
        FakeUplink u = new FakeUplink();
        current.set(u);
        handover.flush();
        assertThat(u.taken).containsExactly("x");
    }

    @Test
    void aMessageRefusedForGoodIsNotHeldAndDoesNotBlockTheOthers() {
        FakeUplink u = new FakeUplink();
        current.set(u);
        u.refuse = Reason.TOO_LARGE;
        assertThat(handover.publish(alarm("big"))).isFalse();
        assertThat(handover.held()).isZero();
        u.refuse = null;
        assertThat(handover.publish(alarm("next"))).isTrue();
        assertThat(u.taken).containsExactly("next");
    }

    @Test
    void withoutAnyUplinkAtMostMaxHeldAreKeptTheOldestDroppedFirst() {
        for (int i = 0; i < UplinkHandover.MAX_HELD + 10; i++) {
            handover.publish(alarm(Integer.toString(i)));
        }
        assertThat(handover.held()).isEqualTo(UplinkHandover.MAX_HELD);
        FakeUplink u = new FakeUplink();
        current.set(u);
        handover.flush();
        assertThat(u.taken).hasSize(UplinkHandover.MAX_HELD).startsWith("10").endsWith(Integer.toString(UplinkHandover.MAX_HELD + 9));
    }
}
