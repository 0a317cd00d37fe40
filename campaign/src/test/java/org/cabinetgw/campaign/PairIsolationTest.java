package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The isolation row, from the harness's line as netns-pair.sh prints it. */
class PairIsolationTest {

    private static String line(int published, String healed) {
        return "isolate 1: gw-a cut from peer and broker; it stepped down after 846 ms; gw-b ACTIVE after 2824 ms, its"
                + " first message acknowledged 331 ms after that; healed: one ACTIVE (gw-b) and gw-a STANDBY after " + healed
                + " ms; both ACTIVE seen 0 time(s); gw-a's messages reaching the broker after the heal " + published
                + ", its broker connections since the cut 0 (it accepted 124 while cut, kept in its own queue); lost"
                + " (accepted before the cut) 0";
    }

    @Test
    void aCleanTrialIsARowWithTheStepDownAndTheHeal() {
        Row r = PairIsolation.row(1, List.of("pair up: gw-a ACTIVE", line(0, "116")));
        assertEquals(PairIsolation.ISOLATED, r.fault());
        assertEquals(846L, r.detectedMillis());
        assertEquals(116L, r.recoveredMillis());
        assertEquals(0, r.lost());
        assertTrue(r.action().contains("held 124"), r.action());
    }

    @Test
    void aDeposedNodePublishingOrNoHealIsNeverRecovered() {
        assertNull(PairIsolation.row(1, List.of(line(3, "116"))).recoveredMillis());
        assertNull(PairIsolation.row(1, List.of(line(0, "?"))).recoveredMillis());
        Row missing = PairIsolation.row(1, List.of("pair up", "FAIL isolate 1"));
        assertNull(missing.detectedMillis());
        assertTrue(missing.action().contains("FAIL isolate 1"), missing.action());
    }
}
