package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.power.PowerState;
import org.junit.jupiter.api.Test;

class StatePublicationTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final StatePublication publication = new StatePublication();

    private static CabinetStatus degraded(String uplinkReason) {
        return new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.UPLINK, CabinetState.DEGRADED, "uplink DEGRADED: " + uplinkReason)));
    }

    @Test
    void theFirstStateAndEveryChangeOfStateGoOutAtOnce() {
        CabinetStatus normal = new CabinetStatus(CabinetState.NORMAL, T0, List.of());
        assertThat(publication.due(normal, null, T0)).isTrue();
        assertThat(publication.due(normal, null, T0.plusMillis(1))).as("the same state again").isFalse();
        assertThat(publication.due(degraded("MQTT cannot connect"), null, T0.plusMillis(2))).isTrue();
        CabinetStatus critical = new CabinetStatus(CabinetState.CRITICAL, T0, List.of(
                new Finding(Dimension.POWER, CabinetState.CRITICAL, "on battery, 4 min left")));
        assertThat(publication.due(critical, null, T0.plusMillis(3))).isTrue();
    }

    @Test
    void aNewLossOrAChangedSeverityIsMaterialEvenInTheSameState() {
        assertThat(publication.due(degraded("MQTT cannot connect"), null, T0)).isTrue();
        CabinetStatus twoLosses = new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.UPLINK, CabinetState.DEGRADED, "uplink DEGRADED: MQTT cannot connect"),
                new Finding(Dimension.STORAGE, CabinetState.DEGRADED, "md0 degraded")));
        assertThat(publication.due(twoLosses, null, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void aChangeOfWordingOnlyGoesOutOncePerIntervalWithTheLatestWording() {
        assertThat(publication.due(degraded("MQTT cannot connect; 1 messages waiting"), null, T0)).isTrue();
        // the uplink's reason changing with every message: held back, four times a second, for a minute
        int sent = 0;
        for (int i = 1; i < 240; i++) {
            if (publication.due(degraded("MQTT cannot connect; " + (i + 1) + " messages waiting"), null, T0.plusMillis(250L * i))) {
                sent++;
            }
        }
        assertThat(sent).isZero();
        Instant later = T0.plus(StatePublication.WORDING_INTERVAL);
        assertThat(publication.due(degraded("MQTT cannot connect; 241 messages waiting"), null, later)).isTrue();
        assertThat(publication.due(degraded("MQTT cannot connect; 241 messages waiting"), null, later.plusSeconds(120)))
                .as("nothing new since").isFalse();
    }

    @Test
    void nothingIsDueForNoState() {
        assertThat(publication.due(null, null, T0)).isFalse();
    }

    @Test
    void aChangeOfThePowerSourceIsNeverWordingOnly() {
        CabinetStatus onBattery = new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.POWER, CabinetState.DEGRADED, "on UPS battery, 25 min left")));
        CabinetStatus onGenerator = new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.POWER, CabinetState.DEGRADED, "on generator (mains lost)")));
        assertThat(publication.due(onBattery, PowerState.ON_UPS_BATTERY, T0)).isTrue();
        // the same dimension and severity, a different source: at once, not a minute later
        assertThat(publication.due(onGenerator, PowerState.ON_GENERATOR, T0.plusSeconds(20))).isTrue();
        CabinetStatus runtimeLess = new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.POWER, CabinetState.DEGRADED, "on UPS battery, 24 min left")));
        assertThat(publication.due(runtimeLess, PowerState.ON_UPS_BATTERY, T0.plusSeconds(21))).isTrue();
        CabinetStatus runtimeLessStill = new CabinetStatus(CabinetState.DEGRADED, T0, List.of(
                new Finding(Dimension.POWER, CabinetState.DEGRADED, "on UPS battery, 23 min left")));
        assertThat(publication.due(runtimeLessStill, PowerState.ON_UPS_BATTERY, T0.plusSeconds(22)))
                .as("the runtime counting down is wording").isFalse();
    }
}
