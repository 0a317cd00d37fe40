package org.cabinetgw.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** {@code since} is when the component entered its state (the record's own definition), not the last news. */
class HealthTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(90);

    @Test
    void aNewReasonInTheSameStateKeepsSince() {
        Health h = Health.degraded("MQTT cannot connect: refused", T0).next(HealthState.DEGRADED,
                "MQTT cannot connect: timed out", T1);
        assertThat(h).isEqualTo(Health.degraded("MQTT cannot connect: timed out", T0));
    }

    @Test
    void aNewStateStartsNowAndNothingNewIsTheSameReport() {
        Health before = Health.degraded("x", T0);
        assertThat(before.next(HealthState.DOWN, "x", T1)).isEqualTo(Health.down("x", T1));
        assertThat(before.next(HealthState.DEGRADED, "x", T1)).isSameAs(before);
        assertThat(Health.up(T0).next(HealthState.UP, null, T1)).isEqualTo(Health.up(T0));
    }
}
