package org.cabinetgw.runtime;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard costs, on the demo jar (the simulated cabinet): the page's first load (every file it
 * fetches, bytes and time on loopback, cold and warm), and the gateway's CPU and resident memory in three conditions,
 * printed side by side: the dashboard bundle <b>stopped</b>, running with the page <b>closed</b> (the browser on
 * about:blank: the rings are sampled, nobody reads them), and one page <b>open</b> in headless Chromium (live stream,
 * snapshot reloads). The conditions are measured in {@code bench.rounds} rounds of {@code bench.seconds} each, the
 * order rotated every round so a drift of the machine's load does not land on one condition; each window prints the
 * machine's load average, because on a shared machine the noise is larger than what is measured. A harness, not a
 * test: it prints figures. The command it prints is the one to run (see DEVELOPERS.md for the class path).
 */
public final class DashboardBenchmark {

    static final String[] FILES = { "/cabinet/", "/cabinet/static/dashboard.css", "/cabinet/static/dashboard-dom.js",
        "/cabinet/static/dashboard-plots.js", "/cabinet/static/dashboard-sections.js", "/cabinet/static/dashboard-failover.js",
        "/cabinet/static/dashboard.js",
        "/cabinet/static/uPlot.min.css", "/cabinet/static/uPlot.iife.min.js", "/cabinet/static/favicon.svg",
        "/cabinet/api/snapshot", "/cabinet/api/history?after=0" };
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    static final String[] CONDITIONS = { "stopped", "closed", "open" };

    /**
     * The thread groups a window's CPU is split into (Linux keeps a thread's first 15 characters as its name): the
     * dashboard's sampler, Jetty's request threads (the page's files, snapshot, history and live stream; nothing else
     * in the demo talks HTTP), the JVM's own (garbage collection, compilers), and the rest of the gateway (the demo's
     * simulators and scenario, the uplink, the probes). The process total moves with the demo's own activity by more
     * than the dashboard costs; the dashboard's and Jetty's threads are what the dashboard adds.
     */
    static final String[] GROUPS = { "dashboard", "jetty", "jvm", "rest" };

    static String group(String threadName) {
        if (threadName.startsWith("cabinetgw-dashb")) {
            return "dashboard";
        }
        if (threadName.startsWith("qtp")) {
            return "jetty";
        }
        if (threadName.matches("(GC Thread|G1 |C1 Compiler|C2 Compiler|VM Thread|VM Periodic|Sweeper|Common-Cleaner|Finalizer"
                + "|Reference Handl|Service Thread|Monitor Deflati|Notification Th).*")) {
            return "jvm";
        }
        return "rest";
    }

    /** One window's figures: the process's CPU, each group's (% of one core), RSS, the load average before and after. */
    record Window(double cpuPercent, Map<String, Double> groups, long rssMb, String loadBefore, String loadAfter) {
    }

    public static void main(String[] args) throws Exception {
        DashboardInBrowserIT.awaitDemoPortsFree();
        System.out.printf("command: java -Dbench.seconds=%d -Dbench.rounds=%d -cp <test class path> %s%n", SECONDS, ROUNDS,
                DashboardBenchmark.class.getName());
        System.out.println("load average at start: " + loadAverage());
        Path data = Files.createTempDirectory("cabinetgw-dashboard-bench");
        try (GatewayProcess gw = GatewayProcess.start(GatewayProcess.DEMO_JAR, List.of("-Xmx96m"), data);
                Chromium browser = Chromium.start(data.resolve("chromium"))) {
            gw.awaitShippedPackages();
            String password = gw.printedPassword();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            Thread.sleep(30_000); // a settled gateway, some history in the rings
            firstLoad(gw, auth);
            long pid = gw.pid();
            Map<Long, String> names = new java.util.HashMap<>();
            threadTicks(pid, names);
            Map<String, java.util.TreeSet<String>> named = new LinkedHashMap<>();
            names.values().forEach(n -> named.computeIfAbsent(group(n), g -> new java.util.TreeSet<>()).add(n.replaceAll("[0-9]+", "#")));
            named.forEach((g, n) -> System.out.println("threads " + g + ": " + n));
            long id = DashboardInBrowserIT.bundleId(gw, password, "org.cabinetgw.dashboard");
            browser.authorization(auth);
            browser.navigate("about:blank");
            Map<String, List<Window>> figures = new LinkedHashMap<>();
            for (String c : CONDITIONS) {
                figures.put(c, new ArrayList<>());
            }
            System.out.printf("gateway CPU (%% of one core) and RSS over %d s windows, %d rounds (demo cabinet, %d cores):%n",
                    SECONDS, ROUNDS, Runtime.getRuntime().availableProcessors());
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < CONDITIONS.length; i++) {
                    String condition = CONDITIONS[(i + round) % CONDITIONS.length];
                    enter(condition, gw, password, id, browser);
                    Window w = measure(pid);
                    figures.get(condition).add(w);
                    System.out.printf("  round %d %-8s CPU %5.2f %% (dashboard %4.2f, jetty %4.2f, jvm %4.2f, rest %5.2f)  RSS %4d MB"
                            + "  load %s -> %s%n", round + 1, condition, w.cpuPercent(), w.groups().get("dashboard"),
                            w.groups().get("jetty"), w.groups().get("jvm"), w.groups().get("rest"), w.rssMb(), w.loadBefore(),
                            w.loadAfter());
                }
            }
            enter("closed", gw, password, id, browser);
            System.out.println();
            System.out.printf("%-10s %10s %10s %10s%n", "", "stopped", "closed", "open");
            for (int round = 0; round < ROUNDS; round++) {
                int r = round;
                System.out.printf("%-10s %9.2f%% %9.2f%% %9.2f%%%n", "round " + (round + 1),
                        figures.get("stopped").get(r).cpuPercent(), figures.get("closed").get(r).cpuPercent(),
                        figures.get("open").get(r).cpuPercent());
            }
            System.out.printf("%-10s %9.2f%% %9.2f%% %9.2f%%%n", "median", median(figures.get("stopped"), null),
                    median(figures.get("closed"), null), median(figures.get("open"), null));
            for (String g : GROUPS) {
                System.out.printf("%-10s %9.2f%% %9.2f%% %9.2f%%   (median of the %s threads)%n", "  " + g,
                        median(figures.get("stopped"), g), median(figures.get("closed"), g), median(figures.get("open"), g), g);
            }
            System.out.printf("%-10s %9.2f%% %9.2f%% %9.2f%%   (median of dashboard + jetty: what the dashboard adds)%n", "added",
                    medianAdded(figures.get("stopped")), medianAdded(figures.get("closed")), medianAdded(figures.get("open")));
            System.out.printf("%-10s %8dMB %8dMB %8dMB%n", "RSS", figures.get("stopped").get(ROUNDS - 1).rssMb(),
                    figures.get("closed").get(ROUNDS - 1).rssMb(), figures.get("open").get(ROUNDS - 1).rssMb());
            System.out.println("load average at end: " + loadAverage());
        }
    }

    /** Puts the gateway and the browser into one condition; the stream is live before an open window starts. */
    private static void enter(String condition, GatewayProcess gw, String password, long id, Chromium browser) throws Exception {
        String bundlePath = "/system/console/bundles/" + id;
        switch (condition) {
            case "stopped" -> {
                browser.navigate("about:blank");
                DashboardInBrowserIT.console(gw, password, bundlePath, "action=stop");
            }
            case "closed" -> {
                browser.navigate("about:blank");
                DashboardInBrowserIT.console(gw, password, bundlePath, "action=start");
                gw.await("/cabinet/api/snapshot", 401, 30_000); // the servlet is back (no credentials: 401, not 404)
            }
            default -> {
                DashboardInBrowserIT.console(gw, password, bundlePath, "action=start");
                gw.await("/cabinet/api/snapshot", 401, 30_000);
                browser.navigate(gw.url("/cabinet/"));
                browser.await("document.getElementById('connection').dataset.state === 'live'", 30_000);
            }
        }
        Thread.sleep(2000); // what starting or stopping cost is not the condition's
    }

    /** The median CPU of the windows: the process's ({@code group} null) or one thread group's. */
    private static double median(List<Window> windows, String group) {
        List<Double> cpu = new ArrayList<>();
        windows.forEach(w -> cpu.add(group == null ? w.cpuPercent() : w.groups().get(group)));
        return median(cpu);
    }

    private static double medianAdded(List<Window> windows) {
        List<Double> cpu = new ArrayList<>();
        windows.forEach(w -> cpu.add(w.groups().get("dashboard") + w.groups().get("jetty")));
        return median(cpu);
    }

    private static double median(List<Double> cpu) {
        Collections.sort(cpu);
        int n = cpu.size();
        return n % 2 == 1 ? cpu.get(n / 2) : (cpu.get(n / 2 - 1) + cpu.get(n / 2)) / 2;
    }

    private static String loadAverage() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static void firstLoad(GatewayProcess gw, String auth) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String round : new String[] { "first", "second" }) {
            long bytes = 0;
            long start = System.nanoTime();
            for (String f : FILES) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(gw.url(f))).header("Authorization", auth)
                        .build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(f + ": HTTP " + r.statusCode());
                }
                bytes += r.body().length;
            }
            System.out.printf("page load (%s, %d requests one after another, no compression): %.1f KB in %.1f ms%n",
                    round, FILES.length, bytes / 1024.0, (System.nanoTime() - start) / 1e6);
        }
        for (String f : FILES) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(gw.url(f))).header("Authorization", auth)
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            System.out.printf("  %-36s %7.1f KB%n", f, r.body().length / 1024.0);
        }
    }

    /** CPU of the gateway process (utime+stime from /proc) over SECONDS, and its median RSS. */
    private static Window measure(long pid) throws Exception {
        long hz = 100; // USER_HZ on Linux
        String loadBefore = loadAverage();
        long cpu0 = cpuTicks(pid);
        Map<Long, Long> threads0 = threadTicks(pid);
        long t0 = System.nanoTime();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < SECONDS; i++) {
            Thread.sleep(1000);
            rss.add(rssKb(pid));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks(pid) - cpu0) / (double) hz;
        Map<String, Double> groups = new LinkedHashMap<>();
        for (String g : GROUPS) {
            groups.put(g, 0.0);
        }
        // per thread: the ticks it used in the window (a thread started in it counts from 0; one that ended in it is
        // lost, which is why the groups may add up to less than the process)
        Map<Long, String> names = new java.util.HashMap<>();
        Map<Long, Long> threads1 = threadTicks(pid, names);
        threads1.forEach((tid, ticks) -> groups.merge(group(names.get(tid)),
                100 * (ticks - threads0.getOrDefault(tid, 0L)) / (double) hz / seconds, Double::sum));
        Collections.sort(rss);
        return new Window(100 * cpu / seconds, groups, rss.get(rss.size() / 2) / 1024, loadBefore, loadAverage());
    }

    private static Map<Long, Long> threadTicks(long pid) throws Exception {
        return threadTicks(pid, new java.util.HashMap<>());
    }

    /** utime+stime of each thread of the process by its id; {@code names} gets each thread's name. */
    private static Map<Long, Long> threadTicks(long pid, Map<Long, String> names) throws Exception {
        Map<Long, Long> ticks = new java.util.HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException ended) {
                    continue; // the thread ended between the listing and the read
                }
                long tid = Long.parseLong(task.getFileName().toString());
                names.put(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
            }
        }
        return ticks;
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
