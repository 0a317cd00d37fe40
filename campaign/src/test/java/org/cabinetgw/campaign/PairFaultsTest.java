package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rows from bundles/ha/e2e/netns-pair.sh's output, as its echo lines print them. */
class PairFaultsTest {

    private static final String KILLED = "trial 1: killed gw-a mid-burst; gw-b declared it dead after 91 ms, ACTIVE after"
            + " 254 ms; replayed 6; accepted so far 812, lost 0, duplicates this trial 2";

    private static String stopped(int reached, int both) {
        return "stop 1: froze gw-b mid-burst; gw-a ACTIVE; after SIGCONT gw-b: role STANDBY, DEMOTED after 178 ms, accepted 5"
                + " after resuming, of which reached the broker " + reached + " (stranded in its own queue 3), broker"
                + " connections from it 1; both ACTIVE seen " + both + " time(s); lost (accepted before SIGCONT) 0";
    }

    /** The kill trial's line as the harness prints it since it times the first acknowledged message too. */
    @Test
    void theKillTrialWithTheFirstAcknowledgedMessageIsReadToo() {
        String now = KILLED.replace("ACTIVE after 254 ms;", "ACTIVE after 254 ms, first message acknowledged 412 ms after that;");
        Row kill = PairFaults.rows(1, List.of("pair up: gw-a ACTIVE", now)).get(0);
        assertEquals(PairFaults.KILL, kill.fault());
        assertEquals(91L, kill.detectedMillis());
        assertEquals(163L, kill.recoveredMillis());
        assertEquals(2, kill.duplicates());
        assertTrue(kill.action().contains("replayed 6"), kill.action());
        String unknown = KILLED.replace("ACTIVE after 254 ms;", "ACTIVE after 254 ms, first message acknowledged ? ms after that;");
        assertEquals(91L, PairFaults.rows(1, List.of(unknown)).get(0).detectedMillis());
    }

    @Test
    void theKillTrialIsARowWithTheStandbysTimesAndTheHarnesssCounts() {
        Row kill = PairFaults.rows(1, List.of("pair up: gw-a ACTIVE", KILLED)).get(0);
        assertEquals(PairFaults.KILL, kill.fault());
        assertEquals(91L, kill.detectedMillis());
        assertEquals(163L, kill.recoveredMillis()); // declared dead -> ACTIVE
        assertEquals(0, kill.lost());
        assertEquals(2, kill.duplicates());
        assertTrue(kill.action().contains("replayed 6"), kill.action());
        assertEquals("", kill.violations());
        // the stop trial's failure is the stop row's, not the kill row's (as the harness printed it, 12:21 today)
        // (another trial's FAIL line is that row's, not the kill row's)
        List<Row> both = PairFaults.rows(1, List.of(KILLED, stopped(1, 0), "FAIL stop 1: the resumed node acted", "FAIL restart 1"));
        assertTrue(!both.get(0).action().contains("FAIL"), both.get(0).action());
        assertTrue(both.get(1).action().contains("ACTED"), both.get(1).action());
    }

    @Test
    void theStopLineAsTheHarnessPrintsItNowIsRead() {
        // the harness's stop line since it tells messages made after SIGCONT from those made before the freeze (17:22 today)
        String now = "stop 1: froze gw-b mid-burst; gw-a ACTIVE; after SIGCONT gw-b: role STANDBY, DEMOTED after 8 ms, accepted 0"
                + " after resuming, of which reached the broker 0 made after SIGCONT (0 more made before the freeze, their"
                + " publish returning after it; stranded in its own queue 0), broker connections from it 0; both ACTIVE seen 0"
                + " time(s); lost (accepted before SIGCONT) 0";
        Row stop = PairFaults.rows(1, List.of(KILLED, now)).get(1);
        assertTrue(stop.action().contains("DEMOTED after 8 ms"), stop.action());
        assertTrue(!stop.action().contains("ACTED"), stop.action());
    }

    @Test
    void aResumedNodeThatActedNeverRecoversAndATrialNotReportedFailsWithTheHarnesssWords() {
        List<Row> rows = PairFaults.rows(1, List.of("FAIL trial 1: gw-b did not take over", stopped(32, 0)));
        assertTrue(rows.get(0).violations().contains("never detected"), rows.get(0).violations());
        assertTrue(rows.get(0).action().contains("gw-b did not take over"), rows.get(0).action());
        Row stop = rows.get(1);
        assertNull(stop.recoveredMillis());
        assertTrue(stop.action().contains("ACTED"), stop.action());
        assertTrue(stop.violations().contains("never recovered"), stop.violations());
    }

    @Test
    void theStopTrialsTakeoverIsDatedFromTheNewActivesOwnLog(@TempDir Path work) throws Exception {
        Path log = work.resolve("a/logs/cabinetgw.log");
        Files.createDirectories(log.getParent());
        Files.write(log, List.of(
                "2026-12-07T07:06:37.349Z WARN  [ha-pair-gw-a] o.c.h.i.PairEngine - Peer gw-b silent on every path for 84 ms",
                "2026-12-07T07:06:37.400Z INFO  [ha-pair-gw-a] o.c.h.i.PairEngine - Role STANDBY -> ACTIVE (epoch 3)",
                "2026-12-07T07:07:10.000Z WARN  [ha-pair-gw-a] o.c.h.i.PairEngine - Peer gw-b silent on every path for 97 ms",
                "2026-12-07T07:07:10.000Z WARN  [ha-pair-gw-a] o.c.h.i.PairEngine - Still STANDBY: the peer is silent on every path",
                "2026-12-07T07:07:12.250Z INFO  [ha-pair-gw-a] o.c.h.i.PairEngine - Role STANDBY -> ACTIVE (epoch 5)"));
        assertArrayEquals(new long[] { 97, 2250 }, PairFaults.takeover(List.of("logs: " + work), "a"));
        Row stop = PairFaults.rows(1, List.of(KILLED, stopped(0, 0).replace("gw-b", "gw-x").replace("gw-a ACTIVE", "gw-a ACTIVE"),
                "logs: " + work)).get(1);
        assertEquals(97L, stop.detectedMillis());
        assertEquals(2250L, stop.recoveredMillis());
        assertEquals("", stop.violations());
    }
}
