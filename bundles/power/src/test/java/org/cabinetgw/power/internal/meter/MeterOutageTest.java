package org.cabinetgw.power.internal.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class MeterOutageTest {

    private static long s(double seconds) {
        return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aMeterSilentForTheBoundIsDownAndAnAnswerEndsIt() {
        MeterOutage o = new MeterOutage(500, 500, 0, s(100));
        assertEquals(10, o.downAfterSeconds(), "short polls: at least 10 s");
        assertFalse(o.down(s(109.9)));
        assertTrue(o.down(s(110)));
        o.answered(s(111));
        assertFalse(o.down(s(112)), "an answer ends the outage");
        assertTrue(o.down(s(121)));
    }

    @Test
    void slowPollsWithRetriesWaitForThreeFullPolls() {
        // 5 s interval, 2 s timeout, 2 retries: one poll can take 5 + 6 s, three of them 33 s
        MeterOutage o = new MeterOutage(5000, 2000, 2, 0);
        assertEquals(33, o.downAfterSeconds());
        assertFalse(o.down(s(32.9)));
        assertTrue(o.down(s(33)));
    }

    @Test
    void aMeterThatNeverAnsweredIsDownFromItsStart() {
        MeterOutage o = new MeterOutage(1000, 1000, 0, s(-5)); // nanoTime may be negative
        assertFalse(o.down(s(4.9)));
        assertTrue(o.down(s(5)));
    }
}
