package org.cabinetgw.failover.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the JVM for deadlocked threads (monitors and java.util.concurrent locks alike). A deadlock never
 * resolves itself, so one found is reported as long as it lasts; the caller announces it when the set changes.
 */
final class DeadlockWatch {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Each deadlocked thread as "name (waiting for lock, held by other)", sorted; empty when none. */
    List<String> deadlocked() {
        long[] ids = threads.isSynchronizerUsageSupported() ? threads.findDeadlockedThreads()
                : threads.findMonitorDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info != null) {
                out.add(info.getThreadName() + " (waiting for " + info.getLockName() + " held by "
                        + info.getLockOwnerName() + ")");
            }
        }
        out.sort(null);
        return List.copyOf(out);
    }
}
