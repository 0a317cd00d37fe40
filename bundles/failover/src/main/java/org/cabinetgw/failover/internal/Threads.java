package org.cabinetgw.failover.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** Named daemon threads owned by one component, so a thread dump says who they belong to. */
final class Threads {

    private Threads() {
    }

    static ScheduledExecutorService singleScheduler(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // A cancelled periodic task must not linger in the queue after a reconfiguration.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
