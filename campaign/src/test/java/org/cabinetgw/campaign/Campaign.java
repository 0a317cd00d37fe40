package org.cabinetgw.campaign;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The fault campaign: brings up the gateway jar with its neighbours ({@link World}), then injects the faults of
 * {@link Faults} one at a time in an order drawn from the seed, and records for each what {@link Row} says.
 * {@code -Dcampaign.minutes=0} (the default) runs each fault once; more repeats rounds of a fresh random order
 * until the time is up. {@code -Dcampaign.seed=N} replays an order. Output: the table on standard output and
 * target/campaign/campaign.{json,md}.
 */
public final class Campaign {

    static final int THREADS_TOLERANCE = 5;
    static final int FDS_TOLERANCE = 10;
    static final long DETECT_BOUND_MILLIS = 60_000;
    static final long RECOVER_BOUND_MILLIS = 240_000; // a restart took 127 s on this machine under load
    static final long DRAIN_BOUND_MILLIS = 30_000;
    static final long EPISODE_BOUND_MILLIS = 30_000;
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.]+\\(.*\\)$");

    /** What a run produced. */
    record Result(long seed, String summary, List<Row> rows) {

        List<String> violations() {
            List<String> v = new ArrayList<>();
            for (Row r : rows) {
                if (!r.violations().isEmpty()) {
                    v.add(r.fault() + ": " + r.violations());
                }
            }
            return v;
        }
    }

    private final World world;
    /** The wall clock at the last row's injection, null when it did not run. */
    private Long injectedAt;
    private final Set<Long> lostSoFar = new TreeSet<>();

    private Campaign(World world) {
        this.world = world;
    }

    public static void main(String[] args) throws Exception {
        Path module = Path.of(System.getProperty("campaign.dir", "."));
        double minutes = Double.parseDouble(blankToDefault(System.getProperty("campaign.minutes"), "0"));
        Result r = run(module, seed(), minutes);
        if (!r.violations().isEmpty()) {
            System.out.println("VIOLATIONS:\n  " + String.join("\n  ", r.violations()));
        }
    }

    /** -Dcampaign.seed, else a new one (printed, so the run can be replayed). */
    static long seed() {
        String s = blankToDefault(System.getProperty("campaign.seed"), "");
        return s.isEmpty() ? new Random().nextLong() & 0xffffffffL : Long.parseLong(s);
    }

    static Result run(Path module, long seed, double minutes) throws Exception {
        System.out.println("fault campaign: seed " + seed + (minutes > 0 ? ", " + minutes + " minutes" : ", each fault once")
                + " (replay: -Dcampaign.seed=" + seed + ")");
        Path dir = Files.createTempDirectory("cabinetgw-campaign-");
        List<Row> rows = new ArrayList<>();
        List<Long> injections = new ArrayList<>(); // each row's injection (wall clock), null for a row that did not run
        String summary;
        Path out = module.resolve("target/campaign");
        try (World w = new World(module, dir, seed)) {
            // a campaign stopped by a signal still stops what it started (gateway, broker, subscriber, tmpfs)
            Thread cleanup = new Thread(() -> {
                try {
                    w.close();
                } catch (Exception e) {
                    // stopping anyway
                }
            }, "campaign-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            long start = System.nanoTime();
            w.longRun = minutes > 0 || System.getProperty("campaign.all") != null;
            w.bringUp();
            System.out.printf("  time: bring-up %.1f s%n", millisSince(start) / 1000.0);
            System.out.printf("baseline: %d threads, %d file descriptors, heap after a full GC %s, /health %s%n",
                    w.baselineThreads, w.baselineFds, mebibytes(w.baselineHeapKiB), w.baseline.statuses());
            Files.createDirectories(out);
            Files.deleteIfExists(out.resolve("threads.txt"));
            Files.deleteIfExists(out.resolve("heap.txt"));
            if (histograms()) {
                Files.writeString(out.resolve("histogram-baseline.txt"), w.gateway.classHistogram(40));
            }
            ThreadNames.append(out.resolve("threads.txt"), "baseline | " + w.baselineThreads + " threads | "
                    + w.baselineThreadNames);
            Campaign c = new Campaign(w);
            Random random = new Random(seed);
            int round = 0;
            do {
                round++;
                List<Fault> order = new ArrayList<>(selected(w.longRun));
                Collections.shuffle(order, random);
                for (Fault f : order) {
                    c.injectedAt = null;
                    Row row = c.attack(round, f);
                    rows.add(row);
                    injections.add(c.injectedAt);
                    System.out.println(line(row));
                    Report.write(out, seed, "running", rows);
                }
                if (HeapRounds.asked(minutes, rounds())) {
                    System.out.println(HeapRounds.sample(w.gateway, out.resolve("heap.txt"), round, w.baselineHeapKiB));
                }
            } while (minutes > 0 ? System.nanoTime() - start < (long) (minutes * 60e9) : round < rounds());
            // the failover history once for every row: waiting for each episode to close (a link's closes after the
            // fail-back hold, ~10 s after /health is back) would cost the short campaign half a minute
            long episodesStart = System.nanoTime();
            rows = c.withEpisodes(rows, injections);
            System.out.printf("  time: failover history %.1f s%n", millisSince(episodesStart) / 1000.0);
            if (histograms()) {
                Files.writeString(out.resolve("histogram-end.txt"), w.gateway.classHistogram(40));
            }
            long summaryStart = System.nanoTime();
            summary = c.summary(System.nanoTime() - start);
            System.out.printf("  time: summary (drain, heap) %.1f s%n", millisSince(summaryStart) / 1000.0);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } finally {
            if (System.getProperty("campaign.keep") == null) {
                delete(dir);
            } else {
                System.out.println("kept: " + dir);
            }
        }
        if (PairFaults.asked(minutes)) {
            // the pair is two gateways of its own (bundles/ha's harness), attacked after the single one is stopped
            rows.addAll(PairFaults.run(module, 1));
        }
        Report.write(out, seed, summary, rows);
        System.out.println();
        System.out.println(Report.markdown(seed, summary, rows));
        System.out.println("written: " + out.resolve("campaign.json") + ", " + out.resolve("campaign.md"));
        return new Result(seed, summary, rows);
    }

    /**
     * -Dcampaign.histogram=1: the gateway's heap by class (the 40 largest, after a full GC) at the baseline and at the
     * end, in target/campaign/histogram-{baseline,end}.txt: what the heap's growth is made of. Off by default (each
     * costs a full GC and a second or two).
     */
    static boolean histograms() {
        return System.getProperty("campaign.histogram") != null;
    }

    /** -Dcampaign.rounds=N: a run without minutes repeats its faults N times (to replay one fault several times). */
    static int rounds() {
        return Integer.parseInt(blankToDefault(System.getProperty("campaign.rounds"), "1"));
    }

    /**
     * Every fault, or with -Dcampaign.only=TEXT those whose name contains TEXT (to replay one kind); without those
     * whose name contains one of -Dcampaign.exclude=TEXT,TEXT (e.g. the faults that restart the gateway, to watch one
     * process: "gateway killed,wall clock,corrupted").
     */
    static List<Fault> selected(boolean longRun) {
        String only = blankToDefault(System.getProperty("campaign.only"), "");
        List<String> exclude = java.util.Arrays.stream(blankToDefault(System.getProperty("campaign.exclude"), "").split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).toList();
        return Faults.all(longRun).stream().filter(f -> f.name().contains(only))
                .filter(f -> exclude.stream().noneMatch(x -> f.name().contains(x))).toList();
    }

    private Row attack(int round, Fault f) throws Exception {
        String unavailable = f.unavailable(world);
        if (unavailable != null) {
            return Row.skipped(round, f.name(), unavailable);
        }
        int logStart = world.gateway.lines().size(); // what preparing prints (a restart, a wait) belongs to the row too
        long rowStart = System.nanoTime();
        try {
            f.prepare().run(world);
        } catch (Exception notReady) {
            // e.g. the gateway under libfaketime started too late for its step: the row says so, the campaign goes on
            f.cleanup().run(world);
            return Row.skipped(round, f.name(), "could not prepare: " + notReady.getMessage());
        }
        Deliveries.Count before = world.deliveries.count();
        Health beforeInjection = world.gateway.health();
        long injectedAt = System.currentTimeMillis();
        this.injectedAt = injectedAt;
        long t0 = System.nanoTime();
        world.logMark = world.gateway.lines().size();
        f.inject().run(world);

        Long detected = null;
        Health during = null;
        // looked at least once after the injection: a fault injected synchronously (the bad packages: three jobs,
        // each waited for) may take longer than the bound under load, and would then be "never detected" although
        // every job had ended as it should
        do {
            Health h = world.gateway.health();
            during = h != null ? h : during;
            if (f.seen().test(world, h)) {
                detected = millisSince(t0);
                break;
            }
            Thread.sleep(100);
        } while (millisSince(t0) < DETECT_BOUND_MILLIS);
        Thread.sleep(Math.max(0, f.holdMillis() - (f.holdFromInjection() ? millisSince(t0) : 0)));
        long holdEnd = System.nanoTime();
        Health h = world.gateway.health();
        while (!f.holdUntil().test(world, h) && millisSince(holdEnd) < 60_000) {
            Thread.sleep(200);
            h = world.gateway.health();
        }
        during = h != null ? h : during;
        String action = f.action() != null ? f.action() : describe(during, beforeInjection);

        f.remove().run(world);
        long t1 = System.nanoTime();
        if (f.describe() != null) {
            action = f.describe().text(world);
        }
        long highestAtRemoval = world.deliveries.count().highest();
        Long recovered = null;
        while (millisSince(t1) < RECOVER_BOUND_MILLIS) {
            h = world.gateway.health();
            if (h != null && h.differencesFrom(world.baseline).isEmpty()
                    && world.deliveries.count().highest() > highestAtRemoval) {
                recovered = millisSince(t1);
                break;
            }
            Thread.sleep(100);
        }
        if (recovered == null) {
            action += " [after " + RECOVER_BOUND_MILLIS / 1000 + " s still: "
                    + (h == null ? "no answer from /health" : h.differencesFrom(world.baseline)) + "]";
        }

        // every number the producer had handed over arrives, or is lost
        long accepted = world.accepted();
        long drainStart = System.nanoTime();
        Deliveries.Count after = world.deliveries.count();
        while (!lostSoFar.containsAll(after.missingUpTo(accepted)) && millisSince(drainStart) < DRAIN_BOUND_MILLIS) {
            Thread.sleep(200);
            after = world.deliveries.count();
        }
        TreeSet<Long> lost = after.missingUpTo(accepted);
        lost.removeAll(lostSoFar);
        lostSoFar.addAll(lost);
        if (!lost.isEmpty()) {
            action += " [lost numbers: " + abbreviate(lost.toString()) + "]";
        }

        int threads = world.gateway.threads();
        int fds = world.gateway.fds();
        long resourcesStart = System.nanoTime();
        while ((threads > world.baselineThreads + THREADS_TOLERANCE || fds > world.baselineFds + FDS_TOLERANCE)
                && millisSince(resourcesStart) < 20_000) {
            Thread.sleep(500);
            threads = world.gateway.threads();
            fds = world.gateway.fds();
        }

        ThreadNames.append(world.module.resolve("target/campaign/threads.txt"), round + " | " + f.name() + " | threads "
                + (threads - world.baselineThreads) + " | " + ThreadNames.diff(world.baselineThreadNames,
                        ThreadNames.of(world.gateway.pid())));
        List<String> lines = world.gateway.lines();
        List<String> window = lines.subList(Math.min(logStart, lines.size()), lines.size());
        double minutes = Math.max(millisSince(t0), 1000) / 60_000.0;
        int traces = (int) window.stream().filter(l -> STACK_FRAME.matcher(l).matches()).count();
        String cloudEvents = world.events.since(injectedAt);
        f.cleanup().run(world);
        // where a row's time goes (README "Measured": what CampaignIT's minutes are made of)
        System.out.printf("  time: %.1f s = prepare %.1f, inject to removed %.1f, recovery %.1f, drain %.1f, settle %.1f%n",
                millisSince(rowStart) / 1000.0, (t0 - rowStart) / 1e9, (t1 - t0) / 1e9, (drainStart - t1) / 1e9,
                (resourcesStart - drainStart) / 1e9, millisSince(resourcesStart) / 1000.0);
        return new Row(round, f.name(), detected, action, recovered, lost.size(), after.duplicates() - before.duplicates(),
                window.size(), window.size() / minutes, traces, threads - world.baselineThreads, fds - world.baselineFds, null,
                "", expectedEpisode(f), cloudEvents);
    }

    /**
     * Each row with what the failover history recorded between its injection and the next row's (the last: until
     * now). Waited for (at most {@link #EPISODE_BOUND_MILLIS}) until every expected episode is there and restored: the
     * last row's may still be open.
     */
    private List<Row> withEpisodes(List<Row> rows, List<Long> injections) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            String history = world.gateway.get("/failover/history?limit=1000");
            long now = System.currentTimeMillis();
            List<Row> out = new ArrayList<>();
            boolean complete = true;
            for (int i = 0; i < rows.size(); i++) {
                Long from = injections.get(i);
                if (from == null) {
                    out.add(rows.get(i));
                    continue;
                }
                long to = now + Episodes.SLACK_MILLIS;
                for (int k = i + 1; k < injections.size(); k++) {
                    if (injections.get(k) != null) {
                        to = injections.get(k);
                        break;
                    }
                }
                Row r = rows.get(i).withEpisodes(String.join("; ", Episodes.between(history, from, to)));
                complete &= r.episodeProblem() == null;
                out.add(r);
            }
            if (complete || millisSince(start) > EPISODE_BOUND_MILLIS) {
                return out;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * The episode the row must find. A link's only in namespaces: there the fault waits until the traffic is on the
     * wired link ({@code Faults.trafficOnWired}); on loopback (simulated links) the campaign cannot tell, and a wired
     * link without traffic rightly fails over nothing.
     */
    private String expectedEpisode(Fault f) {
        return f.episode() != null && f.episode().startsWith("link ") && world.net == null ? null : f.episode();
    }

    private String summary(long nanos) throws Exception {
        long accepted = world.accepted();
        Deliveries.Count c = world.deliveries.count();
        long drainStart = System.nanoTime(); // the last numbers accepted may still be on their way
        while (!lostSoFar.containsAll(c.missingUpTo(accepted)) && millisSince(drainStart) < DRAIN_BOUND_MILLIS) {
            Thread.sleep(200);
            c = world.deliveries.count();
        }
        long traces = world.gateway.lines().stream().filter(l -> STACK_FRAME.matcher(l).matches()).count();
        // after the last fault: a leak across the run (of the last process, a restarted gateway starts anew) shows here
        long heap = world.gateway.heapAfterGcKiB();
        return String.format(java.util.Locale.ROOT,
                "%.1f min, %d numbers accepted by the uplink, %d delivered, %d lost, %d duplicates, %d stack frames on the"
                        + " console in all; heap after a full GC %s at the end, %s at the baseline; gateway %s",
                nanos / 60e9, accepted, c.bySeq().size(), c.missingUpTo(accepted).size(), c.duplicates(), traces,
                mebibytes(heap), mebibytes(world.baselineHeapKiB), world.gateway.alive() ? "alive" : "NOT RUNNING");
    }

    /**
     * What the gateway said about the fault: each component not as at the baseline, with its reason; a line held
     * "unsteady" (which recovery tolerates) too when it was not so before the injection: it may stand for a dead meter.
     */
    private String describe(Health h, Health before) {
        if (h == null) {
            return "no answer from /health";
        }
        StringBuilder b = new StringBuilder();
        for (var e : h.statuses().entrySet()) {
            String k = e.getKey();
            if (h.differs(world.baseline, k)
                    || (h.changed(world.baseline, k) && (before == null || !before.changed(world.baseline, k)))) {
                b.append(b.length() == 0 ? "" : "; ").append(e.getKey()).append(' ').append(e.getValue()).append(": ")
                        .append(h.reason(e.getKey()));
            }
        }
        return b.length() == 0 ? "no change in /health" : abbreviate(b.toString());
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }

    private static String line(Row r) {
        return r.skipped() != null ? "[" + r.fault() + "] skipped: " + r.skipped()
                : String.format("[%s] detected %s ms, recovered %s ms, lost %d, duplicates %d, %d log lines, %d stack frames, threads %+d, fds %+d; %s",
                        r.fault(), r.detectedMillis(), r.recoveredMillis(), r.lost(), r.duplicates(), r.logLines(),
                        r.stackTraces(), r.threadsDelta(), r.fdsDelta(), r.action());
    }

    static String mebibytes(long kib) {
        return kib < 0 ? "unknown" : String.format(java.util.Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String blankToDefault(String s, String d) {
        return s == null || s.isBlank() ? d : s.trim();
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
