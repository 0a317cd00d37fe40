package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.support.internal.threads.NamedThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread ({@code cabinetgw-failover-coordinator}) that owns the coordinator's state: every event and
 * every change of a service is handed to it, so the state needs no locks and the order of what happened is
 * kept. A task that throws is logged, never lets the thread or a periodic task die.
 */
final class CoordinatorThread {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorThread.class);

    private final String name;
    private final Object lock = new Object();
    private ScheduledExecutorService executor; // guarded by lock; null before start and after stop

    CoordinatorThread(String name) {
        this.name = name;
    }

    void start() {
        synchronized (lock) {
            if (executor == null) {
                executor = NamedThreads.singleScheduler(name);
            }
        }
    }

    /** The scheduler while running, else null (for timers that may outlive a stop). */
    ScheduledExecutorService executor() {
        synchronized (lock) {
            return executor;
        }
    }

    /** Runs {@code task} on the thread; dropped when not running (yet, or any more): activation reads everything. */
    void submit(Runnable task) {
        synchronized (lock) {
            if (executor == null) {
                return;
            }
            try {
                executor.execute(guarded(task));
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    void scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        ScheduledExecutorService e = executor();
        if (e != null) {
            e.scheduleWithFixedDelay(guarded(task), initialDelay, delay, unit);
        }
    }

    void schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledExecutorService e = executor();
        if (e != null) {
            e.schedule(guarded(task), delay, unit);
        }
    }

    /** Stops the thread and waits up to 5 s for the running task. */
    void stop() {
        ScheduledExecutorService e;
        synchronized (lock) {
            e = executor;
            executor = null;
        }
        NamedThreads.shutdown(e, Duration.ofSeconds(5));
    }

    /**
     * A task that logs what broke instead of throwing: one bad input must not stop the coordinator, and a
     * periodic task that throws would silently never run again.
     */
    static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Failover coordinator task failed", e);
            }
        };
    }
}
