package org.cabinetgw.power.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

class PowerStateSettingsTest {

    private static PowerStateSettings from(Map<String, Object> values) {
        return PowerStateSettings.from(AnnotationConfig.of(PowerStateConfig.class, values));
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
        assertThatThrownBy(() -> from(Map.of("evaluation.millis", 5))).hasMessage("evaluation.millis = 5 is out of range; allowed 20..10000");
        assertThatThrownBy(() -> from(Map.of("reading.max.age.millis", 100))).hasMessage("reading.max.age.millis = 100 is out of range; allowed 500..3600000");
        assertThatThrownBy(() -> from(Map.of("voltage.max.volts", 200.0))).hasMessage("voltage.max.volts = 200.0 must be above voltage.min.volts = 207.0");
        assertThatThrownBy(() -> from(Map.of("voltage.lost.volts", 210.0))).hasMessageContaining("voltage.lost.volts = 210.0 must be below");
        assertThatThrownBy(() -> from(Map.of("voltage.hysteresis.volts", 30.0))).hasMessageContaining("less than half the band");
        assertThatThrownBy(() -> from(Map.of("frequency.min.hertz", 52.0))).hasMessageContaining("frequency.max.hertz = 51.0 must be above");
        assertThatThrownBy(() -> from(Map.of("frequency.min.hertz", Double.NaN))).hasMessageContaining("frequency.min.hertz = NaN is out of range");
        assertThatThrownBy(() -> from(Map.of("restore.delay.millis", -1))).hasMessageContaining("restore.delay.millis = -1");
        assertThatThrownBy(() -> from(Map.of("battery.low.percent", 101.0))).hasMessageContaining("battery.low.percent = 101.0");
    }
}
