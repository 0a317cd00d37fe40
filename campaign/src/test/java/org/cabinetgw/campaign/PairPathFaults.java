package org.cabinetgw.campaign;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pair's other faults, as bundles/ha's harness runs them (one trial each): the standby killed (kill -9) and
 * restarted while the active publishes, the direct cable cut (one heartbeat path), the LAN between the nodes cut
 * alone (the other path; the cable up), and every heartbeat path cut between the two nodes (the cable down and the LAN between them prohibited; each still reaches the broker, the
 * witness). The harness prints one line per trial and no time of the injection; the times here come from the
 * gateways' own logs inside the trial's window ({@link PairTrialWindow}):
 * <ul>
 * <li>standby restarted: detected = the silence the active declared ("Peer gw-X silent on every path for N ms");
 * recovered = the restarted standby's start to IN_SYNC (the harness's figure); the invariant: the active stayed
 * ACTIVE and accepted alone, lost 0 (the harness's count by id at mosquitto_sub);</li>
 * <li>a path cut: detected = window start to the standby's first "Heartbeat path ... is down" (an upper bound:
 * the cut follows the window's start by the harness's role reads, tens of ms; the LAN's and "every path" add the harness's 2 s pause,
 * subtracted, and a path flapping before then is not the cut); recovered = from the end of the 3 s hold (counted
 * from the first "is down") to each cut path's first "is up" after it (approximate: the harness's two role reads
 * before the heal are in it); the invariant: no takeover, the active still ACTIVE.
 * Nothing is published during the cuts (the harness runs no burst there), so lost is 0 by construction.</li>
 * </ul>
 */
final class PairPathFaults {

    static final String RESTART = "pair: standby killed (kill -9) mid-burst and restarted";
    static final String CUT_CABLE = "pair: heartbeat path 'cable' cut 3 s (the LAN path up)";
    static final String CUT_LAN = "pair: heartbeat path 'lan' cut 3 s (the LAN between the nodes prohibited, the cable up;"
            + " both still reach the witness)";
    static final String CUT_ALL = "pair: every heartbeat path cut 3 s (cable down, LAN between the nodes prohibited;"
            + " both still reach the witness)";

    private static final Pattern RESTARTED = Pattern.compile("^restart 1: gw-(\\w) killed mid-burst; gw-(\\w) (\\w*), its"
            + " standby (\\w*), accepted (\\d+) in 2 s alone; restarted gw-\\w IN_SYNC (-?\\d+) ms after its start; lost (\\d+)");
    private static final Pattern CUT = Pattern.compile("^cut 1 \\((cable|lan|all)\\): after 3 s gw-(\\w) (\\w*), gw-(\\w) (\\w*);"
            + " 'path down' lines in gw-\\w's log so far (\\d+); takeover (YES|no)");
    private static final Pattern SILENCE = Pattern.compile("Peer gw-\\w silent on every path for (\\d+) ms");

    /** The harness's pause between one cut's heal and the next cut (the LAN's, every path's; {@code sleep 2}). */
    static final long PAUSE_BEFORE_ALL = 2000;
    /** How long the harness holds a cut ({@code sleep 3}). */
    static final long CUT_HOLD = 3000;
    /** How long after a cut's line its heal is looked for (the harness pauses 2 s after it). */
    static final long HEAL_GRACE = 2000;
    /** bash's notice of a job it killed: printed after the kill, so no start of a trial's window. */
    private static final Pattern JOB_NOTICE = Pattern.compile(": line \\d+: +\\d+ (Killed|Terminated|Stopped)");

    private PairPathFaults() {
    }

    /**
     * The three rows from the harness's output, each line stamped (epoch ms) as it arrived, and its work directory
     * (the gateways' logs and consoles; null when the output names none).
     */
    static List<Row> rows(int round, List<String> output, List<Long> stamps, Path work) {
        List<Row> rows = new ArrayList<>();
        int r = index(RESTARTED, output);
        rows.add(r < 0 ? missing(round, RESTART, "restart", output) : restart(round, output, stamps, work, r));
        for (String what : List.of("cable", "lan", "all")) {
            String fault = what.equals("cable") ? CUT_CABLE : what.equals("lan") ? CUT_LAN : CUT_ALL;
            int c = -1;
            for (int i = 0; i < output.size(); i++) {
                Matcher m = CUT.matcher(output.get(i));
                if (m.find() && m.group(1).equals(what)) {
                    c = i;
                }
            }
            rows.add(c < 0 ? missing(round, fault, "cut 1 (" + what + ")", output) : cut(round, fault, output, stamps, work, c));
        }
        return rows;
    }

    private static Row restart(int round, List<String> output, List<Long> stamps, Path work, int i) {
        Matcher m = RESTARTED.matcher(output.get(i));
        m.find();
        String killed = m.group(1);
        String active = m.group(2);
        boolean aloneActive = m.group(3).equals("ACTIVE");
        int alone = Integer.parseInt(m.group(5));
        long inSync = Long.parseLong(m.group(6));
        PairTrialWindow w = window(output, stamps, i);
        Long detected = null;
        if (w != null && work != null) {
            String silence = w.firstText(work, active, SILENCE);
            if (silence != null) {
                Matcher s = SILENCE.matcher(silence);
                s.find();
                detected = Long.parseLong(s.group(1));
            }
        }
        boolean ok = aloneActive && alone > 0 && inSync >= 0;
        int[] console = console(w, work);
        String action = "gw-" + active + " stayed " + m.group(3) + " alone (its standby " + m.group(4) + "), accepted " + alone
                + " in 2 s alone; gw-" + killed + " started again, IN_SYNC " + inSync + " ms after its start"
                + (ok ? "" : " [the active did not carry on alone]");
        return new Row(round, RESTART, detected, action, ok ? inSync : null, Integer.parseInt(m.group(7)), 0, console[0],
                perMinute(console[0], w), console[1], 0, 0, null, "", null, "");
    }

    private static Row cut(int round, String fault, List<String> output, List<Long> stamps, Path work, int i) {
        Matcher m = CUT.matcher(output.get(i));
        m.find();
        String what = m.group(1);
        boolean all = what.equals("all");
        String active = m.group(2);
        String standby = m.group(4);
        boolean kept = m.group(3).equals("ACTIVE") && m.group(7).equals("no");
        PairTrialWindow w = window(output, stamps, i);
        Long detected = null;
        Long recovered = null;
        if (w != null && work != null) {
            // the cut comes after the window's start (and the harness's pause after the previous cut: before the LAN's
            // and every path's); a heartbeat path flapping on a loaded machine before it is not the cut
            long cutFrom = w.fromMillis() + (what.equals("cable") ? 0 : PAUSE_BEFORE_ALL);
            PairTrialWindow injected = new PairTrialWindow(cutFrom, w.toMillis());
            Long down = injected.first(work, standby, all ? "is down: no heartbeat" : "Heartbeat path " + what + " is down");
            if (down != null) {
                detected = down - cutFrom;
                // healed after the harness's hold: each cut path's first "is up" from then (its line may come after
                // the trial's own line: the harness prints it right after the heal)
                long healFrom = down + CUT_HOLD - 100;
                PairTrialWindow healed = new PairTrialWindow(healFrom, w.toMillis() + HEAL_GRACE);
                Long upLast = null;
                for (String p : all ? List.of("lan", "cable") : List.of(what)) {
                    Long up = healed.first(work, standby, "Heartbeat path " + p + " is up");
                    upLast = up == null ? null : upLast == null ? up : Math.max(upLast, up);
                    if (up == null) {
                        break;
                    }
                }
                if (upLast != null) {
                    recovered = Math.max(0, upLast - (down + CUT_HOLD));
                }
            }
        }
        int[] console = console(w, work);
        String action = "after 3 s gw-" + active + " " + m.group(3) + ", gw-" + standby + " " + m.group(5) + "; takeover "
                + m.group(7) + "; 'path down' lines in gw-" + standby + "'s log so far " + m.group(6)
                + (kept ? "" : " [a takeover or a lost active: the pair must ride out a cut with the witness]");
        return new Row(round, fault, detected, action, kept ? recovered : null, 0, 0, console[0], perMinute(console[0], w),
                console[1], 0, 0, null, "", null, "");
    }

    /** The window of output line i: from the harness's line before it (not a job notice of bash's) to it. */
    static PairTrialWindow window(List<String> output, List<Long> stamps, int i) {
        if (stamps == null || i >= stamps.size()) {
            return null;
        }
        for (int j = i - 1; j >= 0; j--) {
            if (!JOB_NOTICE.matcher(output.get(j)).find()) {
                return new PairTrialWindow(stamps.get(j), stamps.get(i));
            }
        }
        return null;
    }

    private static int[] console(PairTrialWindow w, Path work) {
        return w == null || work == null ? new int[2] : w.console(work);
    }

    private static double perMinute(int lines, PairTrialWindow w) {
        return w == null || w.toMillis() <= w.fromMillis() ? 0 : lines * 60000.0 / (w.toMillis() - w.fromMillis());
    }

    private static Row missing(int round, String fault, String trial, List<String> output) {
        // the harness's FAIL line of this trial only ("FAIL cut 1 (lan)" is not the cable's)
        String failures = String.join("; ", output.stream().filter(l -> l.startsWith("FAIL " + trial)).toList());
        String last = output.isEmpty() ? "no output" : output.get(output.size() - 1);
        return new Row(round, fault, null, "the harness did not report the trial '" + trial + "': "
                + (failures.isEmpty() ? last : failures), null, 0, 0, 0, 0, 0, 0, 0, null, "", null, "");
    }

    private static int index(Pattern p, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }
}
