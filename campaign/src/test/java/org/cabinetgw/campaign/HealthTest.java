package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HealthTest {

    private static final String BASELINE = """
            {"status":"DEGRADED","components":{"uplink":{"status":"UP","reason":""},
             "power.meter.feeder-a":{"status":"UP"},"power":{"status":"DEGRADED","reason":"not metered"}}}""";

    @Test
    void aComponentNotAsAtTheBaselineIsADifferenceAndAMissingOneIsAbsent() {
        Health base = Health.parse(BASELINE);
        Health now = Health.parse("""
                {"status":"DEGRADED","components":{"uplink":{"status":"DEGRADED","reason":"delivering over the HTTP fallback"},
                 "power":{"status":"DEGRADED","reason":"not metered"}}}""");
        assertEquals("uplink: UP -> DEGRADED; power.meter.feeder-a: UP -> ABSENT", now.differencesFrom(base));
        assertEquals("delivering over the HTTP fallback", now.reason("uplink"));
        assertEquals("", Health.parse(BASELINE).differencesFrom(base));
    }

    @Test
    void aMeterHeldUnsteadyOnPurposeCountsAsRecoveredButAFailingOneDoesNot() {
        Health base = Health.parse(BASELINE);
        Health unsteady = Health.parse("""
                {"status":"DEGRADED","components":{"uplink":{"status":"UP"},"power":{"status":"DEGRADED"},
                 "power.meter.feeder-a":{"status":"DEGRADED","reason":"meter feeder-a: the connection to tcp://h:1 is unsteady, 8 reconnects"}}}""");
        Health failing = Health.parse("""
                {"status":"DEGRADED","components":{"uplink":{"status":"UP"},"power":{"status":"DEGRADED"},
                 "power.meter.feeder-a":{"status":"DEGRADED","reason":"meter feeder-a is not answering: no answer within 500 ms"}}}""");
        assertEquals("", unsteady.differencesFrom(base));
        assertEquals("power.meter.feeder-a: UP -> DEGRADED", failing.differencesFrom(base));
        // while the fault lasts the row's action names it all the same: "unsteady" may stand for a dead meter
        assertEquals(true, unsteady.changed(base, "power.meter.feeder-a"));
        assertEquals(false, unsteady.changed(base, "uplink"));
    }

    @Test
    void aComponentUpNowThatWasDownAtTheBaselineHasRecoveredButNotOneWorseThanThen() {
        Health base = Health.parse(BASELINE);
        Health better = Health.parse("""
                {"status":"UP","components":{"uplink":{"status":"UP"},"power.meter.feeder-a":{"status":"UP"},
                 "power":{"status":"UP"}}}""");
        Health worse = Health.parse("""
                {"status":"DOWN","components":{"uplink":{"status":"UP"},"power.meter.feeder-a":{"status":"UP"},
                 "power":{"status":"DOWN","reason":"no mains meter"}}}""");
        assertEquals("", better.differencesFrom(base));
        assertEquals("power: DEGRADED -> DOWN", worse.differencesFrom(base));
    }
}
