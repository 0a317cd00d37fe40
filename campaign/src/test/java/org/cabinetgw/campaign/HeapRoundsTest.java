package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-round heap line, when it is sampled, and the faults a one-process run leaves out. */
class HeapRoundsTest {

    @Test
    void aRoundsLineNamesTheProcessAndTheBaseline() {
        assertEquals("heap after a full GC, end of round 3: 16.5 MiB (baseline 16.0 MiB), pid 4242 up 7.5 min",
                HeapRounds.line(3, 4242, 450_000, 16_896, 16_384));
        assertTrue(HeapRounds.asked(0, 5));
        assertTrue(HeapRounds.asked(30, 1));
        assertFalse(HeapRounds.asked(0, 1)); // CampaignIT: no full GC per round
    }

    @Test
    void excludedFaultsAreLeftOut() {
        String before = System.getProperty("campaign.exclude");
        try {
            System.setProperty("campaign.exclude", "gateway killed, wall clock,corrupted");
            assertTrue(Campaign.selected(true).stream().noneMatch(f -> f.name().contains("gateway killed")
                    || f.name().contains("wall clock") || f.name().contains("corrupted")));
            assertTrue(Campaign.selected(true).stream().anyMatch(f -> f.name().contains("gateway frozen")));
            System.clearProperty("campaign.exclude");
            assertTrue(Campaign.selected(true).stream().anyMatch(f -> f.name().contains("gateway killed")));
        } finally {
            if (before != null) {
                System.setProperty("campaign.exclude", before);
            }
        }
    }
}
