package org.cabinetgw.failover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.cabinetgw.power.MeterRole;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.power.PowerStatus;
import org.cabinetgw.power.SourceState;
import org.junit.jupiter.api.Test;

class MainsLossTest {

    private static PowerStatus status(PowerState s, Map<MeterRole, SourceState> sources) {
        return new PowerStatus(s, Instant.EPOCH, sources, Optional.empty(), Optional.empty());
    }

    @Test
    void withAMainsMeterOnlyItsLossIsMainsLost() {
        assertThat(MainsLoss.reason(status(PowerState.ON_UPS_BATTERY, Map.of(MeterRole.MAINS, SourceState.AVAILABLE))))
                .as("a UPS testing itself").isNull();
        assertThat(MainsLoss.reason(status(PowerState.UNKNOWN, Map.of(MeterRole.MAINS, SourceState.UNKNOWN,
                MeterRole.GENERATOR, SourceState.AVAILABLE)))).as("a silent mains meter proves nothing").isNull();
        assertThat(MainsLoss.reason(status(PowerState.ON_MAINS, Map.of(MeterRole.MAINS, SourceState.DEGRADED)))).isNull();
        assertThat(MainsLoss.reason(status(PowerState.ON_GENERATOR, Map.of(MeterRole.MAINS, SourceState.LOST))))
                .isEqualTo("mains lost (mains meter LOST, cabinet ON_GENERATOR)");
        // mains back and feeding (the generator stopped) while its restore delay runs: the outage is over
        assertThat(MainsLoss.reason(status(PowerState.ON_MAINS, Map.of(MeterRole.MAINS, SourceState.LOST)))).isNull();
    }

    @Test
    void withoutAMainsMeterTheCabinetOffMainsIsMainsLostAndTheReasonSaysWhoSaidSo() {
        assertThat(MainsLoss.reason(status(PowerState.ON_UPS_BATTERY, Map.of())))
                .isEqualTo("mains lost (ON_UPS_BATTERY; no mains meter: as the UPS and generator say)");
        assertThat(MainsLoss.reason(status(PowerState.ON_MAINS, Map.of()))).isNull();
        assertThat(MainsLoss.reason(status(PowerState.UNKNOWN, Map.of()))).isNull();
        assertThat(MainsLoss.reason(null)).isNull();
    }
}
