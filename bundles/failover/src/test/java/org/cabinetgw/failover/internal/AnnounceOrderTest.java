package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.failover.FailoverEvents;
import org.junit.jupiter.api.Test;

/**
 * Whoever acts on the cabinet's change reads a health entry that agrees with it: the entry is set before the event is
 * posted. A CI run's MainsOutageIT read DEGRADED right after the NORMAL event when it was set after.
 */
class AnnounceOrderTest {

    @Test
    void theHealthEntryAlreadyAgreesWhenTheCabinetsChangeIsPosted() {
        CoordinatorParts parts = new CoordinatorParts();
        List<String> seen = new ArrayList<>();
        parts.onPost = e -> {
            if (e.getTopic().equals(FailoverEvents.CABINET_CHANGED)) {
                seen.add(e.getProperty(FailoverEvents.STATE) + " with health " + parts.cycle.health().state());
            }
        };
        parts.cycle.settled();
        parts.cycle.deadlocked(List.of("cabinetgw-worker"));
        parts.cycle.assess();
        parts.cycle.deadlocked(List.of());
        parts.cycle.assess();

        assertThat(seen).as("each change as it was posted").hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(s -> assertThat(s).matches("NORMAL with health UP|DEGRADED with health DEGRADED"
                        + "|CRITICAL with health DOWN"));
        assertThat(seen.get(seen.size() - 1)).isEqualTo("NORMAL with health UP");
    }
}
