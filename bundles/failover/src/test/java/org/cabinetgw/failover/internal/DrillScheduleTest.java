package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.failover.DrillKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The drill schedule with a short interval on its real thread: rounds in order, never at start, never
 * overlapping, a broken drill does not end the schedule, close() interrupts a drill and leaves no thread.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DrillScheduleTest {

    private static final Duration EVERY = Duration.ofMillis(150);

    private final List<String> runs = new CopyOnWriteArrayList<>();
    private DrillSchedule schedule;

    @AfterEach
    void tearDown() {
        if (schedule != null) {
            schedule.close();
        }
    }

    @Test
    void roundsRunEachKindInOrderFirstAfterOneInterval() throws Exception {
        long start = System.nanoTime();
        List<Long> startedAt = new CopyOnWriteArrayList<>();
        schedule = DrillSchedule.start(EVERY, List.of(DrillKind.LINK, DrillKind.UPLINK), k -> {
            startedAt.add(System.nanoTime());
            runs.add(k + "@" + Thread.currentThread().getName());
        });
        waitFor(() -> runs.size() >= 6, 10_000);
        schedule.close();
        assertThat(runs.subList(0, 6)).containsExactly("LINK@cabinetgw-failover-drill", "UPLINK@cabinetgw-failover-drill",
                "LINK@cabinetgw-failover-drill", "UPLINK@cabinetgw-failover-drill", "LINK@cabinetgw-failover-drill",
                "UPLINK@cabinetgw-failover-drill");
        assertThat(TimeUnit.NANOSECONDS.toMillis(startedAt.get(0) - start)).as("first round after one interval")
                .isGreaterThanOrEqualTo(EVERY.toMillis() - 5);
        // rounds are counted from the end of the previous one
        assertThat(TimeUnit.NANOSECONDS.toMillis(startedAt.get(2) - startedAt.get(1)))
                .isGreaterThanOrEqualTo(EVERY.toMillis() - 5);
    }

    @Test
    void roundsDoNotOverlapWhenADrillTakesLongerThanTheInterval() throws Exception {
        int[] running = new int[1];
        int[] maxRunning = new int[1];
        schedule = DrillSchedule.start(Duration.ofMillis(20), List.of(DrillKind.LINK), k -> {
            synchronized (running) {
                maxRunning[0] = Math.max(maxRunning[0], ++running[0]);
            }
            Thread.sleep(100);
            synchronized (running) {
                running[0]--;
            }
            runs.add(k.name());
        });
        waitFor(() -> runs.size() >= 4, 10_000);
        synchronized (running) {
            assertThat(maxRunning[0]).isEqualTo(1);
        }
    }

    @Test
    void aBrokenDrillDoesNotEndTheSchedule() throws Exception {
        schedule = DrillSchedule.start(EVERY, List.of(DrillKind.LINK, DrillKind.UPLINK), k -> {
            runs.add(k.name());
            if (k == DrillKind.LINK) {
                throw new IllegalStateException("link manager went away");
            }
        });
        waitFor(() -> runs.size() >= 4, 10_000);
        assertThat(runs.subList(0, 4)).containsExactly("LINK", "UPLINK", "LINK", "UPLINK");
    }

    @Test
    void closeInterruptsARunningDrillAndLeavesNoThread() throws Exception {
        CountDownLatch inDrill = new CountDownLatch(1);
        schedule = DrillSchedule.start(Duration.ofMillis(10), List.of(DrillKind.UPLINK), k -> {
            inDrill.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                runs.add("interrupted");
                throw e;
            }
        });
        assertThat(inDrill.await(5, TimeUnit.SECONDS)).isTrue();
        schedule.close();
        schedule = null;
        assertThat(runs).containsExactly("interrupted");
        waitFor(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && DrillSchedule.THREAD_NAME.equals(t.getName())), 5000);
    }

    @Test
    void offByDefaultMeansNoThread() {
        assertThat(DrillSchedule.start(Duration.ZERO, List.of(DrillKind.LINK), k -> runs.add("x"))).isNull();
        assertThat(DrillSchedule.start(Duration.ofHours(1), List.of(), k -> runs.add("x"))).isNull();
    }

    private static void waitFor(java.util.function.BooleanSupplier c, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
