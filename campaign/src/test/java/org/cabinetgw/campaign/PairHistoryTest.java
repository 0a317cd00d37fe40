package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair rows' failover history column, from the gateways' own history files as bundles/failover writes them (one
 * line per change of an episode; these lines are shortened from a run of bundles/ha's harness at 18:38 today) and
 * the harness's trial lines, each stamped as it arrived.
 */
class PairHistoryTest {

    private static final String KILL_LINE = "trial 1: killed gw-a mid-burst; gw-b declared it dead after 87 ms, ACTIVE after"
            + " 122 ms; replayed 0; accepted so far 366, lost 0, duplicates this trial 0";
    private static final String RESTART_LINE = "restart 1: gw-b killed mid-burst; gw-a ACTIVE, its standby NOT_IN_SYNC, accepted"
            + " 548 in 2 s alone; restarted gw-b IN_SYNC 9449 ms after its start; lost 0";

    private static long at(String time) {
        return PairPathFaultsTest.at(time);
    }

    private static String takeover(String id, String firstSeen, String actions, String end) {
        return "{\"id\":\"" + id + "\",\"dimension\":\"HARDWARE\",\"what\":\"active gateway gw-a lost\",\"firstSeen\":"
                + at(firstSeen) + ",\"declared\":" + (at(firstSeen) + 87) + ",\"actions\":[" + actions + "]" + end
                + ",\"detectionMillis\":87}";
    }

    /** gw-b's history: the takeover written as it went (open, then each action, then restored), a torn last line. */
    private static Path work(Path dir, boolean withTakeover) throws Exception {
        Files.createDirectories(dir.resolve("a/failover"));
        Files.createDirectories(dir.resolve("b/failover"));
        String witness = "{\"at\":" + at("18:38:33.421") + ",\"what\":\"the witness confirmed the peer is not acting (+91 ms)\"}";
        String active = "{\"at\":" + at("18:38:33.452") + ",\"what\":\"this node ACTIVE, epoch 2 (+122 ms)\"}";
        String ack = "{\"at\":" + at("18:38:33.798") + ",\"what\":\"first message acknowledged by the broker (+468 ms)\"}";
        List<String> b = withTakeover ? List.of(
                takeover("t1", "18:38:33.330", "", ",\"outcome\":\"open\""),
                takeover("t1", "18:38:33.330", witness + "," + active, ",\"outcome\":\"open\""),
                takeover("t1", "18:38:33.330", witness + "," + active + "," + ack, ",\"restored\":" + at("18:38:33.798")
                        + ",\"outcome\":\"taken over\",\"outageMillis\":468"),
                "{\"id\":\"t2\",\"dimension\":\"HARDWARE\",\"what\":\"active gat") // torn by the harness's kill -9
                : List.of();
        Files.write(dir.resolve("b/failover/history.jsonl"), b);
        // gw-a's: a standby lost before the kill trial (another trial's), and one during the restart trial
        Files.write(dir.resolve("a/failover/history.jsonl"), List.of(
                "{\"id\":\"s0\",\"what\":\"standby gateway gw-b\",\"firstSeen\":" + at("18:38:20.000")
                        + ",\"actions\":[],\"restored\":" + at("18:38:21.000") + ",\"outcome\":\"restored\",\"detectionMillis\":90,"
                        + "\"outageMillis\":1000}",
                "{\"id\":\"s1\",\"what\":\"standby gateway gw-b\",\"firstSeen\":" + at("18:38:48.210") + ",\"actions\":[{\"at\":"
                        + at("18:38:48.301") + ",\"what\":\"standby gw-b silent on every heartbeat path\"}],\"restored\":"
                        + at("18:38:53.725") + ",\"outcome\":\"restored\",\"detectionMillis\":91,\"outageMillis\":5515}"));
        return dir;
    }

    private static Row row(String fault) {
        return new Row(1, fault, 87L, "did", 122L, 0, 0, 0, 0, 0, 0, 0, null, "", null, "");
    }

    private static final List<String> OUT = List.of("pair up: gw-a ACTIVE, the other STANDBY", KILL_LINE, RESTART_LINE);
    private static final List<Long> STAMPS = List.of(at("18:38:30.000"), at("18:38:40.000"), at("18:39:00.000"));

    @Test
    void theTakeoverEpisodeOfTheNodeThatTookOverWithItsTimingsInTheKillRow(@TempDir Path dir) throws Exception {
        List<Row> rows = PairHistory.withEpisodes(List.of(row(PairFaults.KILL), row(PairPathFaults.RESTART)), OUT, STAMPS,
                work(dir, true));
        Row kill = rows.get(0);
        assertEquals("gw-b: active gateway gw-a lost: declared after 87 ms, restored after 468 ms (taken over) [witness"
                + " confirmed +91 ms, ACTIVE, epoch 2 +122 ms, first ack +468 ms]", kill.episodes());
        assertEquals("gw-b: active gateway gw-a lost", kill.expectedEpisode());
        assertEquals("", kill.violations());
        // the active's episode of its lost standby in the restart trial's window; the earlier one is another trial's
        Row restart = rows.get(1);
        assertEquals("gw-a: standby gateway gw-b: declared after 91 ms, restored after 5515 ms (restored)", restart.episodes());
        assertEquals("gw-a: standby gateway gw-b", restart.expectedEpisode());
        assertEquals("", restart.violations());
    }

    @Test
    void aTakeoverTheNodeDidNotRecordFailsTheRow(@TempDir Path dir) throws Exception {
        Row kill = PairHistory.withEpisodes(List.of(row(PairFaults.KILL)), OUT, STAMPS, work(dir, false)).get(0);
        assertEquals("", kill.episodes());
        assertEquals("no failover episode 'gw-b: active gateway gw-a lost'; ", kill.violations());
    }

    @Test
    void aCutExpectsNoEpisodeAndARowWithoutItsTrialLineOrWorkDirectoryIsLeftAsItIs(@TempDir Path dir) throws Exception {
        Row cut = row(PairPathFaults.CUT_LAN);
        List<Row> rows = PairHistory.withEpisodes(List.of(cut, row(PairFaults.STOP)), List.of("pair up", "cut 1 (lan): after 3 s"),
                List.of(at("18:38:30.000"), at("18:38:40.000")), work(dir, true));
        assertNull(rows.get(0).expectedEpisode());
        assertEquals("gw-b: active gateway gw-a lost: declared after 87 ms, restored after 468 ms (taken over) [witness"
                + " confirmed +91 ms, ACTIVE, epoch 2 +122 ms, first ack +468 ms]", rows.get(0).episodes());
        assertEquals(row(PairFaults.STOP), rows.get(1)); // no "stop 1:" line
        assertEquals(cut, PairHistory.withEpisodes(List.of(cut), OUT, STAMPS, null).get(0));
    }

    @Test
    void theHistoryFileReadAsTheEndpointAnswersEachEpisodeOnceNewestFirst() {
        assertEquals("[{\"id\":\"y\",\"n\":1},{\"id\":\"x\",\"n\":2}]", PairHistory.historyJson(List.of(
                "{\"id\":\"x\",\"n\":1}", "not json", "{\"no\":\"id\"}", "{\"id\":\"y\",\"n\":1}", "{\"id\":\"x\",\"n\":2}", "")));
    }
}
