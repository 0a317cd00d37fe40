package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which threads the gateway has, by name: the kernel's view (/proc/PID/task/N/comm, the JVM's thread names cut to
 * 15 characters), so it costs no attach (a jcmd's attach listener would itself be a new thread). The campaign
 * writes, after each row, the names whose count differs from the baseline's to target/campaign/threads.txt: a
 * threads Δ is then a list of names, a creep a name that keeps growing.
 */
final class ThreadNames {

    private ThreadNames() {
    }

    /**
     * The names of logback's context scheduler threads ({@code logback-1} ...). Not counted in a row's threads Δ:
     * logback 1.2.13 runs the configuration's scan (runtime logback.xml, {@code scan="true"}, every 30 s) on a
     * {@code ScheduledThreadPoolExecutor} of 8 core threads, and that executor starts one more worker each time a
     * periodic task is re-queued until it has its 8 (the JDK's {@code reExecutePeriodic} → {@code ensurePrestart}). So
     * the gateway gains a thread every 30 s for its first 3.5 minutes, then no more: it was the campaign's "threads
     * creep" (+6..+9 over rounds 2-3 of the long run, counted against a baseline taken after 1 of them), bounded,
     * and nothing a fault did. threads.txt still lists them.
     */
    static final String LOGBACK_POOL = "logback-";

    static int countBesidesLogbackPool(Map<String, Integer> names) {
        int n = 0;
        for (Map.Entry<String, Integer> e : names.entrySet()) {
            if (!e.getKey().startsWith(LOGBACK_POOL)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Thread name (as the kernel keeps it) → how many; empty when the process is gone. */
    static Map<String, Integer> of(long pid) {
        Map<String, Integer> names = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(t -> {
                try {
                    names.merge(Files.readString(t.resolve("comm")).strip(), 1, Integer::sum);
                } catch (IOException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return names;
    }

    /** "+2 MQTT Call: ca, -1 pool-3-thread-", the names whose count differs; "" when none does. */
    static String diff(Map<String, Integer> baseline, Map<String, Integer> now) {
        Map<String, Integer> delta = new TreeMap<>();
        baseline.forEach((k, v) -> delta.merge(k, -v, Integer::sum));
        now.forEach((k, v) -> delta.merge(k, v, Integer::sum));
        StringBuilder b = new StringBuilder();
        delta.forEach((k, v) -> {
            if (v != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(v > 0 ? "+" : "").append(v).append(' ').append(k);
            }
        });
        return b.toString();
    }

    static void append(Path file, String line) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
