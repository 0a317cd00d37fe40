package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an update could leak in the gateway process, read from outside it as an operator would: live threads
 * ({@code /proc/<pid>/task}), open file descriptors ({@code /proc/<pid>/fd}) and the sockets among them, and, when
 * asked for, the heap in use after a full GC and the metaspace in use ({@code jcmd GC.run}, {@code GC.heap_info}:
 * a bundle revision kept alive keeps its classes in metaspace).
 */
record GatewayResources(int threads, int fds, int sockets, long heapKb, long metaspaceKb,
        Map<String, Integer> openFiles) {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    /** Threads, fds and sockets only (heap and metaspace -1). */
    static GatewayResources of(long pid) throws IOException {
        return of(pid, -1, -1);
    }

    /** Also the heap after a full GC and the metaspace, by jcmd. */
    static GatewayResources withHeap(long pid) throws Exception {
        jcmd(pid, "GC.run");
        long heap = 0;
        long metaspace = -1;
        for (String line : jcmd(pid, "GC.heap_info").split("\n")) {
            Matcher m = USED.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (line.trim().startsWith("Metaspace")) {
                metaspace = Long.parseLong(m.group(1));
            } else if (line.contains(" total ")) {
                heap += Long.parseLong(m.group(1)); // serial: young and tenured generations; G1: the one heap line
            }
        }
        return of(pid, heap, metaspace);
    }

    private static GatewayResources of(long pid, long heapKb, long metaspaceKb) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        int threads;
        try (var t = Files.list(proc.resolve("task"))) {
            threads = (int) t.count();
        }
        int fds = 0;
        int sockets = 0;
        Map<String, Integer> open = new TreeMap<>();
        try (var f = Files.list(proc.resolve("fd"))) {
            for (Path fd : f.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    boolean socket = target.startsWith("socket:");
                    fds++;
                    sockets += socket ? 1 : 0;
                    open.merge(target.replaceAll("\\[[0-9]+\\]", "[#]"), 1, Integer::sum);
                } catch (IOException closedMeanwhile) {
                    // closed between the listing and the read: not open any more
                }
            }
        }
        return new GatewayResources(threads, fds, sockets, heapKb, metaspaceKb, open);
    }

    /** What is open now more often than in {@code base}: the files a leak keeps open, by name. */
    Map<String, Integer> moreOpenThan(GatewayResources base) {
        Map<String, Integer> more = new TreeMap<>();
        openFiles.forEach((f, n) -> {
            int before = base.openFiles.getOrDefault(f, 0);
            if (n > before) {
                more.put(f, n - before);
            }
        });
        return more;
    }

    @Override
    public String toString() {
        return "threads " + threads + ", fds " + fds + ", sockets " + sockets
                + (heapKb < 0 ? "" : ", heap after GC " + heapKb + " KB, metaspace " + metaspaceKb + " KB");
    }

    /** Waits until threads, fds and sockets are each within its bound above {@code base}; fails with the figures. */
    static GatewayResources awaitWithin(long pid, GatewayResources base, int threads, int fds, int sockets,
            long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        GatewayResources now = of(pid);
        while (now.threads > base.threads + threads || now.fds > base.fds + fds || now.sockets > base.sockets + sockets) {
            if (System.nanoTime() > end) {
                throw new AssertionError("resources did not come back within bounds (+" + threads + " threads, +" + fds
                        + " fds, +" + sockets + " sockets): before " + base + ", now " + now + "; more open: "
                        + now.moreOpenThan(base));
            }
            Thread.sleep(200);
            now = of(pid);
        }
        return now;
    }

    /**
     * The live heap by class ({@code jcmd GC.class_histogram}, which collects first): bytes per class name, to
     * name what grew between two moments when the heap did.
     */
    static java.util.Map<String, Long> classHistogram(long pid) throws Exception {
        java.util.Map<String, Long> bytes = new java.util.HashMap<>();
        Pattern row = Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.find()) {
                bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
            }
        }
        return bytes;
    }

    /** The {@code n} classes whose live bytes grew most from {@code before} to {@code after}, as "name +KB". */
    static java.util.List<String> grewMost(java.util.Map<String, Long> before, java.util.Map<String, Long> after, int n) {
        return after.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(n).map(e -> e.getKey() + " +" + e.getValue() / 1024 + " KB").toList();
    }

    static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
