package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start time to "health UP" and resident memory of the runtime jar, median of several starts, for
 * a first start (empty data directory) and a restart (bundle cache kept), with the README's own run command
 * (its options read from README.md and the argument file it names), with the options of
 * runtime/systemd/cabinetgw.service, and with the JVM's defaults. A harness, not a test: it prints
 * figures, with a timeline of one first start (where the time goes, {@link #timeline}). Run:
 * mvn -q -Pbench -pl runtime -am verify -DskipTests (see README.md); -Dbench.runs=N;
 * -Dbench.timeline.only=true for the timeline alone, -Dbench.timeline.skip=true without it; -Dbench.appcds=true adds
 * the README's command with an AppCDS archive made by a training start ({@link AppCdsArchive}); -Dbench.only=A,B
 * measures only the configurations whose names start with A or B (e.g. {@code -Dbench.only=README}).
 * <p>
 * On a machine shared with builds the wall-clock figures are upper bounds. Two aids, both printed with the figures:
 * the CPU time the gateway itself used until UP (user + system, from {@code /proc/<pid>/stat}: what the start costs,
 * whatever else runs), and {@code -Dbench.nice=-15} (root), which runs the gateway under {@code nice -n -15} so the
 * other builds' processes yield to it: its wall-clock time then approaches a quiet machine's. The load average is
 * printed at the start of each line's runs.
 */
public final class StartupBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** {@code nice -n N} before the java command when -Dbench.nice=N is given; nothing otherwise. */
    private static final List<String> LAUNCHER = System.getProperty("bench.nice", "").isBlank() ? List.of()
            : List.of("nice", "-n", System.getProperty("bench.nice").trim());
    /** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ: 100 on Linux). */
    private static final long TICKS_PER_SECOND = 100;

    public static void main(String[] args) throws Exception {
        Path jar = GatewayProcess.JAR.toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the runtime first");
        }
        List<String> unitOptions = unitJavaOptions(GatewayProcess.MODULE.resolve("systemd/cabinetgw.service"));
        if (!TestBroker.available()) {
            System.out.println("mosquitto is not installed: the uplink cannot reach UP, so there is nothing to measure");
            return;
        }
        Path brokerDir = Files.createTempDirectory("cabinetgw-bench-broker");
        try (TestBroker broker = TestBroker.start(brokerDir)) {
            // --config points the uplink at the benchmark's Mosquitto, so the cabinet can be UP
            measureAll(jar, unitOptions, broker.siteConfig(brokerDir));
        }
    }

    private static void measureAll(Path jar, List<String> unitOptions, Path site) throws Exception {
        System.out.printf("Startup benchmark: %s, %d runs each, median [min..max]%s%n", jar.getFileName(), RUNS,
                LAUNCHER.isEmpty() ? "" : ", the gateway run as: " + String.join(" ", LAUNCHER) + " java ...");
        List<String> readmeOptions = JvmOptions.ofReadmeCommand(GatewayProcess.MODULE.resolve(".."));
        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("README's run command", readmeOptions);
        variants.put("systemd unit options", unitOptions);
        variants.put("JVM defaults", List.of());
        if (Boolean.getBoolean("bench.appcds")) {
            variants.put("README's command + AppCDS", AppCdsArchive.trainedOptions(readmeOptions,
                    training -> run(jar, training, site, Files.createTempDirectory("cabinetgw-bench"))));
        }
        String only = System.getProperty("bench.only", "");
        if (!only.isBlank()) {
            variants.keySet().removeIf(name -> Arrays.stream(only.split(",")).noneMatch(o -> name.startsWith(o.trim())));
        }
        if (!Boolean.getBoolean("bench.timeline.skip")) {
            timeline(jar, readmeOptions, site);
        }
        if (Boolean.getBoolean("bench.timeline.only")) {
            return;
        }
        System.out.printf("%-38s %24s %24s %20s  %s%n", "configuration", "start -> health UP", "CPU used until UP",
                "RSS when UP (+2 s)", "load average before");
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            measure(jar, v.getValue(), site, v.getKey() + ", first start", true);
            measure(jar, v.getValue(), site, v.getKey() + ", restart", false);
        }
        System.out.println("JVM options of the README's command: " + String.join(" ", readmeOptions));
        System.out.println("JVM options of the unit: " + String.join(" ", unitOptions));
    }

    private static void measure(Path jar, List<String> jvm, Path site, String label, boolean fresh)
            throws Exception {
        Path data = Files.createTempDirectory("cabinetgw-bench");
        if (!fresh) {
            run(jar, jvm, site, data); // populate the cache once
        }
        List<Long> millis = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        String load = loadAverage();
        for (int i = 0; i < RUNS; i++) {
            Path d = fresh ? Files.createTempDirectory("cabinetgw-bench") : data;
            long[] r = run(jar, jvm, site, d);
            millis.add(r[0]);
            cpu.add(r[1]);
            rss.add(r[2]);
        }
        System.out.printf("%-38s %24s %24s %20s  %s%n", label, stats(millis, " ms"), stats(cpu, " ms"),
                stats(rss, " MB"), load);
    }

    /**
     * Where the time of a first start goes: one start with the launcher's timeline on
     * ({@code -Dcabinetgw.start.timeline=true}), its lines printed with the moment /health said UP, and the slowest
     * bundle starts. The load average is printed with it: on a 2-core machine shared with builds the figures are
     * upper bounds.
     */
    private static void timeline(Path jar, List<String> jvm, Path site) throws Exception {
        List<String> withTimeline = new ArrayList<>(jvm);
        withTimeline.add("-Dcabinetgw.start.timeline=true");
        Path data = Files.createTempDirectory("cabinetgw-bench");
        String load = loadAverage();
        long jvmStart;
        long upAt;
        long cpuAtUp;
        String output;
        try (GatewayProcess gw = GatewayProcess.start(LAUNCHER, jar, withTimeline, data, "--config", site.toString())) {
            jvmStart = gw.startMillis();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!fullyUp(gw)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway never reported UP:\n" + gw.output());
                }
                Thread.sleep(5);
            }
            upAt = System.currentTimeMillis() - jvmStart;
            cpuAtUp = cpuMillis(gw.pid());
            output = gw.output();
        }
        System.out.printf("Start timeline (first start, README's options, load average %s): ms since the JVM started%n", load);
        List<String[]> slowest = new ArrayList<>();
        Pattern took = Pattern.compile("bundle (\\S+) started \\((\\d+) ms\\)");
        for (String line : output.split("\n")) {
            int at = line.indexOf(StartTimeline.PREFIX);
            if (at < 0) {
                continue;
            }
            System.out.println("  +" + line.substring(at + StartTimeline.PREFIX.length()));
            Matcher m = took.matcher(line);
            if (m.find()) {
                slowest.add(new String[] { m.group(1), m.group(2) });
            }
        }
        System.out.printf("  +%d ms /health UP with the uplink connected (seen by the benchmark); CPU used until then %d ms%n",
                upAt, cpuAtUp);
        slowest.sort((a, b) -> Long.compare(Long.parseLong(b[1]), Long.parseLong(a[1])));
        System.out.print("  slowest bundle starts:");
        slowest.stream().limit(8).forEach(b -> System.out.print(" " + b[0] + " " + b[1] + " ms;"));
        System.out.println();
    }

    /** One start: milliseconds from process start to /health answering UP, the CPU milliseconds it used, RSS in MB. */
    private static long[] run(Path jar, List<String> jvm, Path site, Path data) throws Exception {
        long start = System.nanoTime();
        try (GatewayProcess gw = GatewayProcess.start(LAUNCHER, jar, jvm, data, "--config", site.toString())) {
            long deadline = start + TimeUnit.SECONDS.toNanos(60);
            // Polled every 5 ms (not the tests' 50 ms) so the figure is not rounded up by the polling.
            while (!fullyUp(gw)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gateway never reported UP:\n" + gw.output());
                }
                Thread.sleep(5);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long cpuMillis = cpuMillis(gw.pid());
            Thread.sleep(2000);
            return new long[] { ms, cpuMillis, rssMegabytes(gw.pid()) };
        }
    }

    /** UP with the uplink connected: the cabinet is fully up, not just answering. */
    private static boolean fullyUp(GatewayProcess gw) throws InterruptedException {
        try {
            HttpResponse<String> r = gw.get("/health", null, null);
            return r.statusCode() == 200 && r.body().startsWith("{\"status\":\"UP\"")
                    && r.body().contains("\"uplink\":{\"status\":\"UP\"");
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /**
     * User + system CPU time of the process so far, in ms: fields 14 and 15 of /proc/<pid>/stat, counted after the
     * command name's closing parenthesis (the name may hold spaces).
     */
    static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid + "", "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / TICKS_PER_SECOND;
    }

    private static String loadAverage() throws IOException {
        String[] l = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return l[0] + " " + l[1] + " " + l[2];
    }

    private static long rssMegabytes(long pid) throws IOException {
        Matcher m = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc", pid + "", "status")));
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    /** JAVA_OPTS of the systemd unit, so the benchmark measures what a gateway runs. */
    static List<String> unitJavaOptions(Path unit) throws IOException {
        Matcher m = Pattern.compile("Environment=\"JAVA_OPTS=([^\"]*)\"").matcher(Files.readString(unit));
        if (!m.find()) {
            throw new IllegalStateException(unit + " has no JAVA_OPTS");
        }
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static String stats(List<Long> values, String unit) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) + unit + " [" + sorted.get(0) + ".." + sorted.get(sorted.size() - 1) + "]";
    }
}
