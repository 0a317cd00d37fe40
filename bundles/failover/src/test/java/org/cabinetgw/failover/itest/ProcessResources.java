package org.cabinetgw.failover.itest;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a hot swap could leak, read from the running JVM: live threads (and their names, for the message), open
 * file descriptors ({@code /proc/self/fd}), sockets among them, and the heap in use after a full GC.
 */
record ProcessResources(int threads, int fds, int sockets, long heapAfterGc, Map<String, Integer> threadNames) {

    static ProcessResources now() throws IOException, InterruptedException {
        long heap = usedAfterGc();
        int fds = 0;
        int sockets = 0;
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : entries.toList()) {
                fds++;
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException e) {
                    // closed between listing and reading: not open any more
                    fds--;
                }
            }
        }
        Map<String, Integer> names = new TreeMap<>();
        List<Thread> live = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).toList();
        for (Thread t : live) {
            // numbers in names (pool-3-thread-7, EventAdminAsyncThread #12) vary; the kind of thread is what counts
            names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return new ProcessResources(live.size(), fds, sockets, heap, names);
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Thread kinds with more live threads now than in {@code baseline}. */
    Map<String, Integer> moreThreadsThan(ProcessResources baseline) {
        Map<String, Integer> more = new TreeMap<>();
        threadNames.forEach((name, n) -> {
            int before = baseline.threadNames.getOrDefault(name, 0);
            if (n > before) {
                more.put(name, n - before);
            }
        });
        return more;
    }

    @Override
    public String toString() {
        return String.format("threads %d, fds %d, sockets %d, heap after GC %.1f MB", threads, fds, sockets,
                heapAfterGc / 1048576.0);
    }
}
