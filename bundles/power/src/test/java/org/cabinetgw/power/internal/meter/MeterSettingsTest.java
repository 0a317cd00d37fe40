package org.cabinetgw.power.internal.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cabinetgw.modbus.Transport;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

class MeterSettingsTest {

    private static MeterSettings from(Map<String, Object> values) {
        return MeterSettings.from(AnnotationConfig.of(MeterConfig.class, values));
    }

    @Test
    void defaultsAreAnSdm630OnLocalhost() {
        MeterSettings s = from(Map.of());
        assertThat(s.name()).isEqualTo("mains");
        assertThat(s.role()).isEqualTo(MeterRole.MAINS);
        assertThat(s.endpoint().describe()).isEqualTo("tcp://127.0.0.1:502");
        assertThat(s.map().name()).isEqualTo("SDM630");
        assertThat(s.pollInterval().toMillis()).isEqualTo(1000);
    }

    @Test
    void serialSettingsAreChecked() {
        MeterSettings s = from(Map.of("transport", Transport.RTU_SERIAL, "serial.port", "/dev/ttyUSB0", "parity", "e"));
        assertThat(s.endpoint().describe()).isEqualTo("rtu:/dev/ttyUSB0@9600E1");
        assertThatThrownBy(() -> from(Map.of("transport", Transport.RTU_SERIAL)))
                .hasMessage("serial.port = '' must be a device such as /dev/ttyUSB0");
        assertThatThrownBy(() -> from(Map.of("transport", Transport.RTU_SERIAL, "serial.port", "/dev/ttyS0", "parity", "X")))
                .hasMessage("parity = 'X' must be N, E or O");
        assertThatThrownBy(() -> from(Map.of("transport", Transport.RTU_SERIAL, "serial.port", "/dev/ttyS0", "baud.rate", 300)))
                .hasMessage("baud.rate = 300 is out of range; allowed 1200..115200");
    }

    @Test
    void everyRangeNamesItsAttribute() {
        assertThatThrownBy(() -> from(Map.of("poll.millis", 10))).hasMessage("poll.millis = 10 is out of range; allowed 100..3600000");
        assertThatThrownBy(() -> from(Map.of("port", 70000))).hasMessage("port = 70000 is out of range; allowed 1..65535");
        assertThatThrownBy(() -> from(Map.of("unit.id", 256))).hasMessage("unit.id = 256 is out of range; allowed 0..255");
        assertThatThrownBy(() -> from(Map.of("retries", 11))).hasMessage("retries = 11 is out of range; allowed 0..10");
        assertThatThrownBy(() -> from(Map.of("timeout.millis", 0))).hasMessage("timeout.millis = 0 is out of range; allowed 50..60000");
        assertThatThrownBy(() -> from(Map.of("meter_name", "a b"))).hasMessageContaining("meter.name = 'a b'");
        assertThatThrownBy(() -> from(Map.of("host", "bad host;rm"))).hasMessageContaining("host = 'bad host;rm'");
    }

    @Test
    void aCustomMapIsParsedAndItsErrorsNamed() {
        MeterSettings s = from(Map.of("preset", Preset.CUSTOM, "custom.points",
                new String[] {"voltage;input;0;float32", "frequency;input;2;float32"}));
        assertThat(s.map().points()).hasSize(2);
        assertThatThrownBy(() -> from(Map.of("preset", Preset.CUSTOM, "custom.points",
                new String[] {"voltage;input;0;float32", "frequency;input;1;float32"})))
                .hasMessageStartingWith("custom.points: register map 'mains': point 'frequency' (input register 1-2) overlaps");
        assertThatThrownBy(() -> from(Map.of("preset", Preset.CUSTOM))).hasMessageContaining("has no points");
    }

    @Test
    void sunSpecHasNoFixedMap() {
        assertThat(from(Map.of("preset", Preset.SUNSPEC)).map()).isNull();
    }
}
