package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of bundles/ha's harness's restart and cut trials, from its lines (as it printed them at 17:23 today) and
 * the gateways' own logs in each trial's window.
 */
class PairPathFaultsTest {

    private static final String RESTART = "restart 1: gw-b killed mid-burst; gw-a ACTIVE, its standby NOT_IN_SYNC, accepted 548"
            + " in 2 s alone; restarted gw-b IN_SYNC 9449 ms after its start; lost 0";
    private static final String CABLE = "cut 1 (cable): after 3 s gw-a ACTIVE, gw-b STANDBY; 'path down' lines in gw-b's log"
            + " so far 8; takeover no";
    private static final String LAN = "cut 1 (lan): after 3 s gw-a ACTIVE, gw-b STANDBY; 'path down' lines in gw-b's log so"
            + " far 9; takeover no";
    private static final String ALL = "cut 1 (all): after 3 s gw-a ACTIVE, gw-b STANDBY; 'path down' lines in gw-b's log so"
            + " far 10; takeover no";

    /** Today's instant of "HH:mm:ss.SSS" (UTC), as the gateways' logs date their lines. */
    static long at(String iso) {
        return Instant.parse("2026-12-07T" + iso + "Z").toEpochMilli();
    }

    private static Path work(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/logs"));
        Files.createDirectories(dir.resolve("b/logs"));
        String engine = " INFO  [ha-pair-gw-b] org.cabinetgw.ha.internal.PairEngine - ";
        Files.write(dir.resolve("a/logs/cabinetgw.log"), List.of(
                "2026-12-07T17:23:10.978Z WARN  [ha-pair-gw-a] org.cabinetgw.ha.internal.PairEngine - Peer gw-b silent on every path for 86 ms"));
        Files.write(dir.resolve("b/logs/cabinetgw.log"), List.of(
                "2026-12-07T17:23:23.927Z" + engine + "Heartbeat path cable is down: no heartbeat from the peer for more than 80 ms",
                "2026-12-07T17:23:26.946Z" + engine + "Heartbeat path cable is up: heartbeats arrive",
                // a path flapping on a loaded machine in the harness's pause before the next cut: not the cut
                "2026-12-07T17:23:27.500Z" + engine + "Heartbeat path lan is down: no heartbeat from the peer for more than 80 ms",
                "2026-12-07T17:23:27.530Z" + engine + "Heartbeat path lan is up: heartbeats arrive",
                // the LAN alone (the cable up)
                "2026-12-07T17:23:29.050Z" + engine + "Heartbeat path lan is down: no heartbeat from the peer for more than 80 ms",
                "2026-12-07T17:23:32.060Z" + engine + "Heartbeat path lan is up: heartbeats arrive",
                // every path
                "2026-12-07T17:23:34.157Z" + engine + "Heartbeat path lan is down: no heartbeat from the peer for more than 80 ms",
                "2026-12-07T17:23:34.157Z" + engine + "Heartbeat path cable is down: no heartbeat from the peer for more than 80 ms",
                "2026-12-07T17:23:37.190Z" + engine + "Heartbeat path cable is up: heartbeats arrive",
                "2026-12-07T17:23:37.207Z" + engine + "Heartbeat path lan is up: heartbeats arrive"));
        return dir;
    }

    @Test
    void eachTrialIsTimedFromTheGatewaysOwnLogsInsideItsWindow(@TempDir Path dir) throws Exception {
        // bash's notice of the killed standby comes after the kill: no start of the restart trial's window
        List<String> out = List.of("stop 1: ...", "bundles/ha/e2e/netns-pair.sh: line 374: 24197 Killed      ip netns exec",
                RESTART, CABLE, LAN, ALL, "logs: " + dir);
        List<Long> stamps = List.of(at("17:23:05.000"), at("17:23:11.000"), at("17:23:22.400"), at("17:23:26.990"),
                at("17:23:32.100"), at("17:23:37.200"), at("17:23:38.000"));
        List<Row> rows = PairPathFaults.rows(1, out, stamps, work(dir));

        Row restart = rows.get(0);
        assertEquals(PairPathFaults.RESTART, restart.fault());
        assertEquals(86L, restart.detectedMillis()); // the silence the active declared
        assertEquals(9449L, restart.recoveredMillis()); // start -> IN_SYNC, the harness's figure
        assertEquals("", restart.violations());

        Row cable = rows.get(1);
        assertEquals(1527L, cable.detectedMillis()); // window start 22.400 -> path down 23.927
        assertEquals(19L, cable.recoveredMillis()); // down 23.927 -> up 26.946, minus the 3 s hold
        assertEquals("", cable.violations());

        Row lan = rows.get(2);
        assertEquals(PairPathFaults.CUT_LAN, lan.fault());
        // window start 26.990 + the harness's 2 s pause -> lan down 29.050 (its flap at 27.500 is before the cut);
        // up 32.060, 10 ms after the 3 s hold
        assertEquals(60L, lan.detectedMillis());
        assertEquals(10L, lan.recoveredMillis());
        assertEquals("", lan.violations());

        Row all = rows.get(3);
        // window start 32.100 + the harness's 2 s pause -> the first path down 34.157; the last path up 37.207 (after
        // the trial's line: the harness prints it right after the heal)
        assertEquals(57L, all.detectedMillis());
        assertEquals(50L, all.recoveredMillis());
        assertEquals("", all.violations());
    }

    @Test
    void aTakeoverDuringACutOrAnActiveNotCarryingOnNeverRecovers(@TempDir Path dir) throws Exception {
        List<String> out = List.of(RESTART.replace("gw-a ACTIVE,", "gw-a STANDBY,"), CABLE.replace("takeover no", "takeover YES"),
                LAN.replace("takeover no", "takeover YES"), "FAIL cut 1 (all)", "logs: " + dir);
        List<Row> rows = PairPathFaults.rows(1, out, List.of(1L, 2L, 3L, 4L, 5L), work(dir));
        assertNull(rows.get(0).recoveredMillis());
        assertTrue(rows.get(0).violations().contains("never recovered"), rows.get(0).violations());
        assertNull(rows.get(1).recoveredMillis());
        assertTrue(rows.get(1).action().contains("takeover YES"), rows.get(1).action());
        // a takeover when only the LAN was cut (the cable up): the same
        assertNull(rows.get(2).recoveredMillis());
        assertTrue(rows.get(2).action().contains("takeover YES"), rows.get(2).action());
        // the trial's line missing: the harness's own FAIL line is the row's action
        assertTrue(rows.get(3).action().contains("FAIL cut 1 (all)"), rows.get(3).action());
        assertTrue(rows.get(3).violations().contains("never detected"), rows.get(3).violations());
    }
}
