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
import java.util.List;

/**
 * What the dashboard costs, on the demo jar (the simulated cabinet): the page's first load (every file it
 * fetches, bytes and time on loopback, cold and warm), and the gateway's CPU and resident memory over a
 * minute with the dashboard bundle stopped, with no page open and with one page open in headless Chromium. A harness, not a test: it prints
 * figures. Run from the runtime folder after the build, e.g. with the test class path:
 * {@code java -cp target/test-classes:<junit, gson> org.cabinetgw.runtime.DashboardBenchmark}.
 */
public final class DashboardBenchmark {

    static final String[] FILES = { "/cabinet/", "/cabinet/static/dashboard.css", "/cabinet/static/dashboard.js",
        "/cabinet/static/uPlot.min.css", "/cabinet/static/uPlot.iife.min.js", "/cabinet/static/favicon.svg",
        "/cabinet/api/snapshot", "/cabinet/api/history?after=0" };
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);

    public static void main(String[] args) throws Exception {
        DashboardInBrowserIT.awaitDemoPortsFree();
        Path data = Files.createTempDirectory("cabinetgw-dashboard-bench");
        try (GatewayProcess gw = GatewayProcess.start(GatewayProcess.DEMO_JAR, List.of("-Xmx96m"), data)) {
            gw.awaitShippedPackages();
            String password = gw.printedPassword();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
            Thread.sleep(30_000); // a settled gateway, some history in the rings
            firstLoad(gw, auth);
            long pid = gw.pid();
            System.out.printf("gateway CPU and RSS over %d s (demo cabinet, %d cores):%n", SECONDS,
                    Runtime.getRuntime().availableProcessors());
            long id = DashboardInBrowserIT.bundleId(gw, password, "org.cabinetgw.dashboard");
            DashboardInBrowserIT.console(gw, password, "/system/console/bundles/" + id, "action=stop");
            measure(pid, "dashboard stopped");
            DashboardInBrowserIT.console(gw, password, "/system/console/bundles/" + id, "action=start");
            measure(pid, "page closed");
            try (Chromium browser = Chromium.start(data.resolve("chromium"))) {
                browser.authorization(auth);
                browser.navigate(gw.url("/cabinet/"));
                browser.await("document.getElementById('connection').dataset.state === 'live'", 30_000);
                measure(pid, "one page open");
            }
            measure(pid, "page closed again");
        }
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

    /** CPU of the gateway process (utime+stime from /proc) over SECONDS, and its RSS at the end. */
    private static void measure(long pid, String label) throws Exception {
        long hz = 100; // USER_HZ on Linux
        long cpu0 = cpuTicks(pid);
        long t0 = System.nanoTime();
        List<Long> rss = new ArrayList<>();
        for (int i = 0; i < SECONDS; i++) {
            Thread.sleep(1000);
            rss.add(rssKb(pid));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks(pid) - cpu0) / (double) hz;
        Collections.sort(rss);
        System.out.printf("  %-18s CPU %5.2f %% of one core, RSS median %d MB [%d..%d]%n", label, 100 * cpu / seconds,
                rss.get(rss.size() / 2) / 1024, rss.get(0) / 1024, rss.get(rss.size() - 1) / 1024);
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
