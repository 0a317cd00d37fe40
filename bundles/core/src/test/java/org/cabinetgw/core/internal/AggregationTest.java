package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.health.CabinetHealth;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

class AggregationTest {

    private final Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
    private final Instant t1 = t0.plusSeconds(5);
    private final Instant t2 = t0.plusSeconds(9);

    @Test
    void noComponentsIsUp() {
        CabinetHealth h = Aggregation.aggregate(Map.of(), null, t0);
        assertThat(h.overall().state()).isEqualTo(HealthState.UP);
        assertThat(h.overall().reason()).isEmpty();
    }

    @Test
    void worstStateWinsAndEveryNonUpComponentIsNamedWorstFirst() {
        CabinetHealth h = Aggregation.aggregate(Map.of(
                "link.wired", Health.down("no answer from 3 targets", t0),
                "link.cellular", Health.up(t0),
                "raid.md0", Health.degraded("rebuilding 40 %", t0)), null, t1);
        assertThat(h.overall().state()).isEqualTo(HealthState.DOWN);
        assertThat(h.overall().reason())
                .isEqualTo("link.wired DOWN: no answer from 3 targets; raid.md0 DEGRADED: rebuilding 40 %");
        assertThat(h.components().keySet()).containsExactly("link.cellular", "link.wired", "raid.md0");
    }

    @Test
    void sinceIsWhenTheStateBeganNotWhenTheReasonChanged() {
        CabinetHealth first = Aggregation.aggregate(Map.of("a", Health.degraded("x", t0)), null, t0);
        CabinetHealth second = Aggregation.aggregate(Map.of("a", Health.degraded("y", t1)), first, t1);
        assertThat(second.overall().since()).isEqualTo(t0);
        assertThat(second.overall().reason()).isEqualTo("a DEGRADED: y");

        CabinetHealth third = Aggregation.aggregate(Map.of("a", Health.up(t2)), second, t2);
        assertThat(third.overall().state()).isEqualTo(HealthState.UP);
        assertThat(third.overall().since()).isEqualTo(t2);
    }
}
