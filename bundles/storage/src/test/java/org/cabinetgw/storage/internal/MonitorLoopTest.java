package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.LoggerFactory;

/** The storage monitors' shared loop, without a framework: scheduling, safe polling, problems and health. */
class MonitorLoopTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Keeps every event posted or sent. */
    static final class RecordingEventAdmin implements EventAdmin {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    }

    private final RecordingEventAdmin events = new RecordingEventAdmin();
    private final HealthSlot health = new HealthSlot("storage.disk.sda", Health.degraded("not read yet", T0));
    private final MonitorLoop loop = new MonitorLoop("SMART poll of /dev/sda", health, events,
            Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC), LoggerFactory.getLogger(MonitorLoopTest.class), "");

    @Test
    void aPollThatThrowsTurnsTheHealthDownAndTheScheduleGoesOn() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        CountDownLatch second = new CountDownLatch(2);
        loop.start("test-storage-loop", 1, () -> {
            polls.incrementAndGet();
            second.countDown();
            throw new IllegalStateException("boom");
        });
        try {
            assertThat(loop.active()).isTrue();
            assertThat(second.await(30, TimeUnit.SECONDS)).as("polled again after a poll threw").isTrue();
            assertThat(health.health().state()).isEqualTo(HealthState.DOWN);
            assertThat(health.health().reason())
                    .isEqualTo("internal error while polling: java.lang.IllegalStateException: boom");
        } finally {
            loop.stop(Duration.ofSeconds(1));
        }
        assertThat(loop.active()).isFalse();
        int after = polls.get();
        Thread.sleep(1500); // longer than the poll interval: a stopped loop polls no more
        assertThat(polls.get()).isEqualTo(after);
    }

    @Test
    void aProblemIsDownUntilTheSourceIsReadAgain() {
        loop.problem(T0, "cannot read SMART of /dev/sda: smartctl: not found");
        assertThat(health.health()).isEqualTo(
                new Health(HealthState.DOWN, "cannot read SMART of /dev/sda: smartctl: not found", T0));
        assertThat(loop.readAgain()).isTrue();
        assertThat(loop.readAgain()).isFalse();
        loop.assessed(HealthState.UP, "", T0.plusSeconds(5));
        assertThat(health.health()).isEqualTo(Health.up(T0.plusSeconds(5)));
        assertThat(events.events).extracting(Event::getTopic).containsOnly(HealthEvents.CHANGED).hasSize(2);
        assertThat(events.events.get(1).getProperty(HealthEvents.PREVIOUS_STATE)).isEqualTo("DOWN");
    }

    @Test
    void anUnchangedAssessmentPostsNothing() {
        loop.assessed(HealthState.DEGRADED, "temperature 61 °C over 55 °C", T0);
        loop.assessed(HealthState.DEGRADED, "temperature 61 °C over 55 °C", T0.plusSeconds(60));
        assertThat(events.events).hasSize(1);
    }

    @Test
    void stoppingALoopNeverStartedIsHarmless() {
        loop.stop(Duration.ofSeconds(1));
        assertThat(loop.active()).isFalse();
    }
}
