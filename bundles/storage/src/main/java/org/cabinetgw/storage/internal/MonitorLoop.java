package org.cabinetgw.storage.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.support.internal.threads.NamedThreads;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;

/**
 * The loop every storage monitor runs: a poll on its own named thread every few seconds, a poll that throws
 * turning the monitor's health DOWN instead of ending the schedule, a source that cannot be read reported
 * DOWN (and logged once per distinct reason), and the health set from each assessment. The monitor keeps
 * only its read and its assessment.
 */
final class MonitorLoop {

    private final String pollName;
    private final HealthSlot health;
    private final EventAdmin events;
    private final Clock clock;
    private final Logger log;
    private final String problemPrefix;
    private ScheduledExecutorService poller;
    private String lastProblem = "";
    private volatile boolean active;

    /**
     * @param pollName      what a poll is, for the log of one that failed ("SMART poll of /dev/sda")
     * @param health        the component a failed read or poll turns DOWN
     * @param log           the monitor's own logger, so that its lines keep their name
     * @param problemPrefix put before a read problem in the log ("RAID state unknown: "), or empty
     */
    MonitorLoop(String pollName, HealthSlot health, EventAdmin events, Clock clock, Logger log, String problemPrefix) {
        this.pollName = pollName;
        this.health = health;
        this.events = events;
        this.clock = clock;
        this.log = log;
        this.problemPrefix = problemPrefix;
    }

    /** Runs {@code poll} now and then {@code pollSeconds} after each poll ended, on a thread named {@code threadName}. */
    void start(String threadName, long pollSeconds, Runnable poll) {
        active = true;
        poller = NamedThreads.singleScheduler(threadName);
        poller.scheduleWithFixedDelay(() -> pollSafely(poll), 0, pollSeconds, TimeUnit.SECONDS);
    }

    /** False once stopped: a poll that was already running must change nothing after it. */
    boolean active() {
        return active;
    }

    /** Stops the schedule, waiting at most a command's time limit (and a little) for a running poll. */
    void stop(Duration commandTimeout) {
        active = false;
        if (poller == null) {
            return;
        }
        poller.shutdownNow();
        try {
            poller.awaitTermination(commandTimeout.toSeconds() + 2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void pollSafely(Runnable poll) {
        try {
            poll.run();
        } catch (RuntimeException e) {
            // a bug must not end the periodic task: report it and try again next time
            log.error("{} failed", pollName, e);
            health.update(HealthState.DOWN, "internal error while polling: " + e, clock.instant(), events);
        }
    }

    /** The source could not be read: DOWN with the reason, logged once until the reason changes. */
    void problem(Instant now, String reason) {
        if (!reason.equals(lastProblem)) {
            log.warn("{}{}", problemPrefix, reason);
            lastProblem = reason;
        }
        health.update(HealthState.DOWN, reason, now, events);
    }

    /**
     * The source was read: the next problem is logged again.
     *
     * @return true when there was a problem until now
     */
    boolean readAgain() {
        boolean had = !lastProblem.isEmpty();
        lastProblem = "";
        return had;
    }

    /** Sets the health from an assessment; a change is logged. */
    void assessed(HealthState state, String reason, Instant now) {
        if (health.update(state, reason, now, events)) {
            log.info("{} {}{}", health.component(), state, reason.isEmpty() ? "" : ": " + reason);
        }
    }
}
