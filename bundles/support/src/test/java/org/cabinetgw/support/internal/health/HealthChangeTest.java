package org.cabinetgw.support.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.Test;

class HealthChangeTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    @Test
    void sinceIsWhenTheStateBeganNotWhenTheReasonChanged() {
        Health rebuilding = Health.degraded("rebuild 10%", T0);
        Health later = HealthChange.next(rebuilding, HealthState.DEGRADED, "rebuild 50%", T1);
        assertThat(later.reason()).isEqualTo("rebuild 50%");
        assertThat(later.since()).isEqualTo(T0);
        Health up = HealthChange.next(later, HealthState.UP, "", T1);
        assertThat(up.since()).isEqualTo(T1);
    }

    @Test
    void nothingChangedIsTheSameReportAndAFirstReportStartsNow() {
        Health h = Health.down("x", T0);
        assertThat(HealthChange.next(h, HealthState.DOWN, "x", T1)).isSameAs(h);
        assertThat(HealthChange.next(null, HealthState.UP, "", T1)).isEqualTo(Health.up(T1));
    }

    @Test
    void theEventSaysComponentStatesReasonAndSince() {
        Map<String, Object> p = HealthChange.eventProperties("storage.disk.sda", Health.up(T0), Health.down("gone", T1));
        assertThat(p).containsEntry(HealthEvents.COMPONENT, "storage.disk.sda")
                .containsEntry(HealthEvents.STATE, "DOWN").containsEntry(HealthEvents.PREVIOUS_STATE, "UP")
                .containsEntry(HealthEvents.REASON, "gone").containsEntry(HealthEvents.SINCE, T1.toEpochMilli());
        assertThat(HealthChange.eventProperties("x", null, Health.up(T0))).doesNotContainKey(HealthEvents.PREVIOUS_STATE);
    }
}
