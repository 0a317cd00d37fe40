package org.cabinetgw.handover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Test;

/** What a producer publishes while the uplink's bundle is replaced is held and handed over in order, not lost. */
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
    private final UplinkHandover handover = new UplinkHandover("test producer", current::get);

    private static Message alarm(String text) {
        return new Message(Message.newId(), "failover.coordinator", "failover/alarm", Priority.ALARM,
                java.time.Instant.now(), Map.of("text", text), text);
    }

    @Test
    void withAnUplinkEveryMessageIsHandedOverAtOnce() {
        FakeUplink u = new FakeUplink();
        current.set(u);
        assertThat(handover.publish(alarm("a"))).isEqualTo(UplinkHandover.Outcome.TAKEN);
        assertThat(u.taken).containsExactly("a");
        assertThat(handover.held()).isZero();
    }

    @Test
    void whileTheUplinkIsReplacedMessagesAreHeldAndThenHandedOverInOrder() {
        FakeUplink old = new FakeUplink();
        current.set(old);
        handover.publish(alarm("1"));
        old.refuse = Reason.UNAVAILABLE; // stopping
        assertThat(handover.publish(alarm("2"))).isEqualTo(UplinkHandover.Outcome.HELD);
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
        assertThat(handover.publish(alarm("big"))).isEqualTo(UplinkHandover.Outcome.REFUSED);
        assertThat(handover.held()).isZero();
        u.refuse = null;
        assertThat(handover.publish(alarm("next"))).isEqualTo(UplinkHandover.Outcome.TAKEN);
        assertThat(u.taken).containsExactly("next");
    }

    @Test
    void withoutAnyUplinkAtMostMaxHeldAreKeptTheOldestDroppedFirst() {
        for (int i = 0; i < UplinkHandover.DEFAULT_CAPACITY + 10; i++) {
            handover.publish(alarm(Integer.toString(i)));
        }
        assertThat(handover.held()).isEqualTo(UplinkHandover.DEFAULT_CAPACITY);
        FakeUplink u = new FakeUplink();
        current.set(u);
        handover.flush();
        assertThat(u.taken).hasSize(UplinkHandover.DEFAULT_CAPACITY).startsWith("10").endsWith(Integer.toString(UplinkHandover.DEFAULT_CAPACITY + 9));
    }

    private static Message reading(String text) {
        return new Message(Message.newId(), "power.meter", "power/mains", Priority.TELEMETRY,
                java.time.Instant.now(), Map.of("v", text), text);
    }

    @Test
    void atTheBoundTheOldestTelemetryGoesBeforeAnyAlarmAndEveryLossIsCounted() {
        UplinkHandover small = new UplinkHandover("small", current::get, 3);
        small.publish(alarm("a1"));
        small.publish(reading("r1"));
        small.publish(reading("r2"));
        small.publish(alarm("a2")); // r1 goes
        small.publish(alarm("a3")); // r2 goes
        small.publish(alarm("a4")); // no telemetry left: the oldest, a1, goes
        assertThat(small.dropped()).isEqualTo(3);
        FakeUplink u = new FakeUplink();
        current.set(u);
        small.flush();
        assertThat(u.taken).containsExactly("a2", "a3", "a4");
        assertThat(small.handedOver()).isEqualTo(3);
    }

    @Test
    void aNewlyBoundUplinkGetsWhatIsHeldWithoutAnotherPublish() throws Exception {
        handover.publish(alarm("quiet"));
        FakeUplink u = new FakeUplink();
        u.refuse = Reason.UNAVAILABLE; // bound, but not started yet: retried until it takes
        current.set(u);
        handover.uplinkBound();
        Thread.sleep(3 * UplinkHandover.RETRY_MILLIS);
        assertThat(u.taken).isEmpty();
        u.refuse = null;
        Await.until("the held message delivered", Duration.ofSeconds(10), () -> handover.held() == 0);
        assertThat(u.taken).containsExactly("quiet");
        handover.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("cabinetgw-uplink-handover test producer") && t.isAlive());
    }

    @Test
    void whatIsStillHeldWhenTheProducerStopsIsCountedLost() {
        handover.publish(alarm("1"));
        handover.publish(alarm("2"));
        handover.close();
        assertThat(handover.dropped()).isEqualTo(2);
        assertThat(handover.held()).isZero();
    }

    @Test
    void aBoundBelowOneIsRefusedNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UplinkHandover("x", current::get, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    }

    @Test
    void aProducerThatBindsAndUnbindsHoldsBetweenAndHandsOverToTheNextInOrder() throws Exception {
        UplinkHandover own = new UplinkHandover("bound producer");
        FakeUplink first = new FakeUplink();
        own.bind(first);
        own.publish(alarm("1"));
        own.unbind(new FakeUplink()); // not the bound one: ignored
        own.publish(alarm("2"));
        own.unbind(first);
        own.publish(alarm("3"));
        own.publish(alarm("4"));
        FakeUplink next = new FakeUplink();
        own.bind(next);
        Await.until("what was held delivered to the next uplink", Duration.ofSeconds(10), () -> own.held() == 0);
        assertThat(first.taken).containsExactly("1", "2");
        assertThat(next.taken).containsExactly("3", "4");
        own.close();
    }
}
