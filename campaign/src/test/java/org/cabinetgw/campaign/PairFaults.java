package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pair's faults: kill -9 and SIGSTOP of the ACTIVE gateway of an HA pair, mid-burst. The pair is not the
 * campaign's single gateway: two processes of the same jar, each in its own namespace, a LAN, a direct cable and
 * a broker as the witness, a producer counting every id and an independent {@code mosquitto_sub}. bundles/ha
 * already has exactly that harness ({@code e2e/netns-pair.sh}); the campaign runs it as it is (one trial of each
 * fault) and turns its trial lines into rows, so the pair is attacked with the same jar and judged by the same
 * invariants (detected, recovered, lost 0, the resumed node never acting) instead of a second copy of the pair's
 * wiring here. Opt-in ({@code -Dcampaign.pair=1}): it takes minutes and its namespaces have fixed names
 * ({@code ha-e2e-*}), so it is skipped when they exist (someone else's run of the harness).
 */
final class PairFaults {

    static final String KILL = "pair: active gateway killed (kill -9) mid-burst, restarted as standby";
    static final String STOP = "pair: active gateway frozen (SIGSTOP) until the standby took over, then SIGCONT";

    private static final Pattern KILLED = Pattern.compile("^trial 1: killed gw-(\\w) mid-burst; gw-(\\w) declared it dead after"
            + " (-?\\d+) ms, ACTIVE after (-?\\d+) ms"
            // (since session 10 the harness adds the first message the broker acknowledged from the new active)
            + "(?:, first message acknowledged (?:\\?|-?\\d+) ms after that)?; replayed (\\d+); accepted so far (\\d+), lost (\\d+), duplicates this"
            + " trial (-?\\d+)");
    private static final Pattern STOPPED = Pattern.compile("^stop 1: froze gw-(\\w) mid-burst; gw-(\\w) ACTIVE; after SIGCONT"
            + " gw-\\w: role (\\w*), DEMOTED after (\\?|-?\\d+) ms, accepted (\\d+) after resuming, of which reached the broker"
            // (the harness as it is now prints "N made after SIGCONT (M more made before the freeze, ...; stranded")
            + " (\\d+)(?: made after SIGCONT \\(\\d+ more made before the freeze[^;]*;| \\() ?stranded in its own queue (\\d+)\\),"
            + " broker connections from it (\\d+); both ACTIVE seen (\\d+)"
            + " time\\(s\\); lost \\(accepted before SIGCONT\\) (\\d+)");

    private PairFaults() {
    }

    /**
     * Whether the pair's faults run: -Dcampaign.pair=1 asks for them, -Dcampaign.pair=false leaves them out; without
     * the property they are part of the long campaign (minutes > 0), not of the short one (about 2.5 minutes more).
     */
    static boolean asked(double minutes) {
        String p = System.getProperty("campaign.pair");
        if (p == null) {
            return minutes > 0;
        }
        return !p.isBlank() && !"false".equals(p.trim());
    }

    /** Runs the harness once (a trial of each fault) and returns its two rows; skipped rows when it cannot run. */
    static List<Row> run(Path module, int round) throws IOException, InterruptedException {
        Path root = module.resolve("..").normalize();
        Path script = root.resolve("bundles/ha/e2e/netns-pair.sh");
        String why = unavailable(root, script);
        if (why != null) {
            return List.of(Row.skipped(round, KILL, why), Row.skipped(round, STOP, why), Row.skipped(round, PairPathFaults.RESTART, why),
                    Row.skipped(round, PairPathFaults.CUT_CABLE, why), Row.skipped(round, PairPathFaults.CUT_LAN, why),
                    Row.skipped(round, PairPathFaults.CUT_ALL, why),
                    Row.skipped(round, PairIsolation.ISOLATED, why));
        }
        Path log = Files.createTempFile("campaign-pair-", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(root.toFile()).redirectErrorStream(true);
        // one trial of each fault the campaign reads; every other part of the harness off (each named: its defaults
        // run dozens of trials)
        pb.environment().putAll(Map.of("TRIALS", "1", "STOP_TRIALS", "1", "RESTART_TRIALS", "1", "CUT_TRIALS", "1",
                "ISOLATE_TRIALS", "1", "SWITCH_TRIALS", "0", "START_TRIALS", "0", "KEEPALIVED_TRIALS", "0",
                "THROUGHPUT_SECONDS", "0"));
        Process p = pb.start();
        // each line stamped as it arrives: the harness prints a trial's line at its end and no injection time
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> stamps = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    java.io.Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (out) {
                        stamps.add(System.currentTimeMillis());
                        out.add(l);
                    }
                    w.write(l + "\n");
                    w.flush();
                }
            } catch (IOException e) {
                System.out.println("pair harness: its output could not be read further: " + e.getMessage());
            }
        }, "campaign-pair-output");
        reader.setDaemon(true);
        reader.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(10_000);
        System.out.println("pair harness (" + script + "), its output: " + log);
        List<String> lines;
        List<Long> times;
        synchronized (out) {
            lines = List.copyOf(out);
            times = List.copyOf(stamps);
        }
        List<Row> rows = rows(round, lines);
        rows.addAll(PairPathFaults.rows(round, lines, times, workOf(lines)));
        rows.add(PairIsolation.row(round, lines));
        // the gateways' own failover histories, read from their data directories (the harness has stopped them)
        return PairHistory.withEpisodes(rows, lines, times, workOf(lines));
    }

    /** The harness's work directory (its last line "logs: DIR"), or null. */
    static Path workOf(List<String> output) {
        Path work = null;
        for (String l : output) {
            if (l.startsWith("logs: ")) {
                work = Path.of(l.substring(6).trim());
            }
        }
        return work;
    }

    /**
     * The rows from the harness's output: kill -9 detected when the standby declared the active dead, recovered when
     * it was ACTIVE (both from the gateways' own log times); SIGSTOP likewise, and the resumed node must not act
     * (both ACTIVE, or its messages at the broker after SIGCONT, are a violation: counted as lost would be wrong,
     * so the row's action says it and its recovery is "never"). A trial line missing: the harness's FAIL lines.
     */
    static List<Row> rows(int round, List<String> output) {
        List<Row> rows = new ArrayList<>();
        // each row its own trial's FAIL lines; those naming no trial ("FAIL: ...": the pair never steady, a twin connected)
        // to the first; another trial's ("FAIL restart 1") is that row's
        String failures = String.join("; ", output.stream().filter(l -> l.startsWith("FAIL trial") || l.startsWith("FAIL:")).toList());
        String stopFailures = String.join("; ", output.stream().filter(l -> l.startsWith("FAIL stop")).toList());
        Matcher k = first(KILLED, output);
        if (k == null) {
            rows.add(failed(round, KILL, failures, output));
        } else {
            long dead = Long.parseLong(k.group(3));
            long active = Long.parseLong(k.group(4));
            rows.add(new Row(round, KILL, dead, "gw-" + k.group(2) + " declared gw-" + k.group(1) + " dead and took over (ACTIVE "
                    + active + " ms after the kill), replayed " + k.group(5) + " message(s) at the takeover; the killed node"
                    + " started again as standby" + (failures.isEmpty() ? "" : "; harness: " + failures),
                    Math.max(0, active - dead), Integer.parseInt(k.group(7)), Math.max(0, Integer.parseInt(k.group(8))), 0, 0,
                    0, 0, 0, null, "", null, ""));
        }
        Matcher s = first(STOPPED, output);
        if (s == null) {
            rows.add(failed(round, STOP, stopFailures, output));
        } else {
            int reached = Integer.parseInt(s.group(6));
            int both = Integer.parseInt(s.group(9));
            boolean acted = reached > 0 || both > 0;
            long[] takeover = takeover(output, s.group(2));
            rows.add(new Row(round, STOP, takeover == null ? null : takeover[0], "gw-" + s.group(2) + " took over while gw-"
                    + s.group(1) + " was frozen; after SIGCONT gw-" + s.group(1) + " " + s.group(3) + ", DEMOTED after "
                    + s.group(4) + " ms; it accepted " + s.group(5) + " after resuming, " + reached + " of them reached the"
                    + " broker (stranded in its queue " + s.group(7) + "), broker connections from it " + s.group(8)
                    + ", both ACTIVE seen " + both + " time(s)"
                    + (acted ? " [the resumed node ACTED: bundles/ha's known fault, its README 'The SIGSTOP fault']" : ""),
                    acted || takeover == null ? null : takeover[1], Integer.parseInt(s.group(10)), 0, 0, 0, 0, 0, 0, null, "",
                    null, ""));
        }
        return rows;
    }

    private static final Pattern SILENT = Pattern.compile("^(\\S+) .*Peer \\S+ silent on every path for (\\d+) ms");
    private static final Pattern ACTIVE = Pattern.compile("^(\\S+) .*Role STANDBY -> ACTIVE");

    /**
     * The SIGSTOP trial's takeover as the new active's own log dates it (the harness prints no time for it): {the
     * silence it declared, from its last heartbeat heard; from that declaration to ACTIVE}, from the last "Role
     * STANDBY -> ACTIVE" line of {@code node}'s log and the last "silent on every path" line before it. Null when
     * the log is not there.
     */
    static long[] takeover(List<String> output, String node) {
        Path work = workOf(output);
        if (work == null) {
            return null;
        }
        try {
            return takeover(Files.readAllLines(work.resolve(node).resolve("logs/cabinetgw.log"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long[] takeover(List<String> log) {
        Matcher silent = null;
        long[] found = null;
        for (String l : log) {
            Matcher m = SILENT.matcher(l);
            if (m.find()) {
                silent = m;
                continue;
            }
            Matcher a = ACTIVE.matcher(l);
            if (a.find() && silent != null) {
                long declared = java.time.Instant.parse(silent.group(1)).toEpochMilli();
                found = new long[] { Long.parseLong(silent.group(2)),
                        java.time.Instant.parse(a.group(1)).toEpochMilli() - declared };
            }
        }
        return found;
    }

    private static Row failed(int round, String fault, String failures, List<String> output) {
        String last = output.isEmpty() ? "no output" : output.get(output.size() - 1);
        return new Row(round, fault, null, "the harness did not report the trial: " + (failures.isEmpty() ? last : failures),
                null, 0, 0, 0, 0, 0, 0, 0, null, "", null, "");
    }

    private static Matcher first(Pattern p, List<String> lines) {
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    private static String unavailable(Path root, Path script) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script)) {
            return "no bundles/ha/e2e/netns-pair.sh in this checkout";
        }
        if (!org.cabinetgw.testing.netns.Netns.available()) {
            return "needs root and iproute2 (network namespaces)";
        }
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        if (list.contains("ha-e2e-")) {
            return "the ha harness's namespaces (ha-e2e-*) exist: another run of it is going on";
        }
        return null;
    }
}
