package org.cabinetgw.power.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cabinetgw.power.internal.Configs;
import org.junit.jupiter.api.Test;

class PowerStateSettingsTest {

    private static PowerStateSettings from(Map<String, Object> values) {
        return PowerStateSettings.from(Configs.of(PowerStateConfig.class, values));
    }

    @Test
    void defaultsAreValidAndMatchTheDocumentedOnes() {
        PowerStateSettings s = from(Map.of());
        assertThat(s.thresholds()).isEqualTo(Thresholds.defaults());
        assertThat(s.evaluationInterval().toMillis()).isEqualTo(200);
        assertThat(s.readingMaxAge().toMillis()).isEqualTo(10_000);
    }

    @Test
    void rangesAndRelationsAreChecked() {
        assertThatThrownBy(() -> from(Map.of("evaluationIntervalMs", 5))).hasMessage("evaluationIntervalMs = 5 is out of range; allowed 20..10000");
        assertThatThrownBy(() -> from(Map.of("readingMaxAgeMs", 100))).hasMessage("readingMaxAgeMs = 100 is out of range; allowed 500..3600000");
        assertThatThrownBy(() -> from(Map.of("voltageMax", 200.0))).hasMessage("voltageMax = 200.0 must be above voltageMin = 207.0");
        assertThatThrownBy(() -> from(Map.of("voltageLost", 210.0))).hasMessageContaining("voltageLost = 210.0 must be below");
        assertThatThrownBy(() -> from(Map.of("voltageHysteresis", 30.0))).hasMessageContaining("less than half the band");
        assertThatThrownBy(() -> from(Map.of("frequencyMin", 52.0))).hasMessageContaining("frequencyMax = 51.0 must be above");
        assertThatThrownBy(() -> from(Map.of("frequencyMin", Double.NaN))).hasMessageContaining("frequencyMin = NaN is out of range");
        assertThatThrownBy(() -> from(Map.of("restoreDelayMs", -1))).hasMessageContaining("restoreDelayMs = -1");
        assertThatThrownBy(() -> from(Map.of("batteryLowPercent", 101.0))).hasMessageContaining("batteryLowPercent = 101.0");
    }
}
