package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RowTest {

    private static Row row(Long detected, Long recovered, int lost, int traces, int threads, int fds) {
        return new Row(1, "f", detected, "did", recovered, lost, 0, 3, 1.5, traces, threads, fds, null, "link wired: declared after 5 ms", null, "failover/cabinet after 0.4 s");
    }

    @Test
    void everyBrokenInvariantIsNamedAndAGoodRowHasNone() {
        assertEquals("", row(10L, 20L, 0, 0, Campaign.THREADS_TOLERANCE, Campaign.FDS_TOLERANCE).violations());
        assertEquals("never detected; never recovered; 2 lost; 1 stack trace(s) on the console; threads +6; "
                + "file descriptors +11; ", row(null, null, 2, 1, 6, 11).violations());
        assertEquals("", Row.skipped(1, "f", "needs root").violations());
    }

    @Test
    void theTableSaysNeverForAMissingTimeAndSkippedForAFaultThatCouldNotRun() {
        String md = Report.markdown(7, "sum", List.of(row(1500L, null, 0, 0, 0, 0),
                Row.skipped(1, "clock", "needs libfaketime")));
        assertTrue(md.startsWith("Fault campaign, seed 7: sum"), md);
        assertTrue(md.contains("| 1 | f | 1.5 s | did | **never** | 0 | 0 | 3 (2) | 0 | 0 | 0 | link wired: declared after 5 ms | failover/cabinet after 0.4 s |"), md);
        assertTrue(md.contains("| 1 | clock | skipped: needs libfaketime |"), md);
    }

    @Test
    void lostIsANumberUpToTheHighestAcceptedThatNeverArrivedAndDuplicatesAreExtraDeliveries() {
        Deliveries.Count c = new Deliveries.Count(Map.of(1L, 1, 2L, 2, 4L, 1), 4, 4);
        assertEquals(List.of(3L, 5L), List.copyOf(c.missingUpTo(5)));
        assertEquals(1, c.duplicates());
    }
}
