package org.cabinetgw.support.internal.threads;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Named daemon threads owned by one component, so a thread dump says who they belong to, and their orderly
 * end. Daemon: a component that forgets to stop its thread must not keep the JVM from exiting.
 */
public final class NamedThreads {

    private NamedThreads() {
    }

    /** Threads called {@code name}, daemon. */
    public static ThreadFactory factory(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * One thread called {@code name}. A cancelled periodic task does not linger in the queue after a
     * reconfiguration (remove-on-cancel).
     */
    public static ScheduledExecutorService singleScheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory(name));
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * Stops {@code executor}: queued tasks are dropped, the running one is interrupted, and the caller waits up
     * to {@code grace} for it to end. Returns false when it did not end in time (it is left to finish alone);
     * an interrupt of the caller is kept. Null is allowed (nothing was started).
     */
    public static boolean shutdown(ExecutorService executor, Duration grace) {
        if (executor == null) {
            return true;
        }
        executor.shutdownNow();
        try {
            return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
