package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduled drills, one kind after the other, every {@code interval} (the first round one interval
 * after start, never at activation: a gateway that just booted is not drilled at once). Rounds never overlap:
 * the next one is counted from the end of the previous one. Owns the thread {@code cabinetgw-failover-drill};
 * {@link #close} interrupts a drill in progress, which then restores what it forced before returning.
 */
final class DrillSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DrillSchedule.class);
    static final String THREAD_NAME = "cabinetgw-failover-drill";

    /** Runs one drill to its end; refusal (cabinet degraded, drill running) is the runner's to record. */
    interface Drills {
        void run(DrillKind kind) throws InterruptedException;
    }

    private final ScheduledExecutorService scheduler;

    private DrillSchedule(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts the schedule; null (no thread at all) when the interval is zero or no kind is scheduled. */
    static DrillSchedule start(Duration interval, List<DrillKind> kinds, Drills drills) {
        if (interval.isZero() || interval.isNegative() || kinds.isEmpty()) {
            return null;
        }
        List<DrillKind> order = List.copyOf(kinds);
        ScheduledExecutorService s = NamedThreads.singleScheduler(THREAD_NAME);
        long every = interval.toMillis();
        s.scheduleWithFixedDelay(() -> round(order, drills), every, every, TimeUnit.MILLISECONDS);
        LOG.info("Failover drills {} scheduled every {}", order, interval);
        return new DrillSchedule(s);
    }

    private static void round(List<DrillKind> kinds, Drills drills) {
        for (DrillKind k : kinds) {
            try {
                drills.run(k);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // closing
            } catch (RuntimeException e) {
                // one broken drill must not cancel the schedule (a periodic task that throws is never run again)
                LOG.error("Scheduled {} drill failed", k, e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The scheduled drill did not end within 10 s of being stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
