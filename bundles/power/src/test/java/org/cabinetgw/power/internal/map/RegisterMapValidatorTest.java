package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.cabinetgw.modbus.Table;
import org.junit.jupiter.api.Test;

class RegisterMapValidatorTest {

    private static RegisterMap map(Point... points) {
        return new RegisterMap("m", List.of(points), 125, 0);
    }

    @Test
    void overlappingPointsAreNamed() {
        assertThatThrownBy(() -> map(Point.of("a", Table.HOLDING_REGISTER, 10, DataType.FLOAT32),
                Point.of("b", Table.HOLDING_REGISTER, 11, DataType.UINT16)))
                .hasMessage("register map 'm': point 'b' (holding register 11) overlaps point 'a' (holding register 10-11)");
    }

    @Test
    void theSameAddressInAnotherTableIsNoOverlap() {
        assertThatCode(() -> map(Point.of("a", Table.HOLDING_REGISTER, 10, DataType.FLOAT32),
                Point.of("b", Table.INPUT_REGISTER, 10, DataType.FLOAT32), Point.of("c", Table.COIL, 10, DataType.BOOL)))
                .doesNotThrowAnyException();
    }

    @Test
    void pointsPastTheLastAddressAreRefused() {
        assertThatThrownBy(() -> map(Point.of("a", Table.INPUT_REGISTER, 65535, DataType.FLOAT32)))
                .hasMessageContaining("point 'a' at 65535 with 2 registers is outside the addresses 0-65535");
        assertThatThrownBy(() -> map(Point.of("a", Table.INPUT_REGISTER, -1, DataType.UINT16)))
                .hasMessageContaining("outside the addresses");
        assertThatCode(() -> map(Point.of("a", Table.INPUT_REGISTER, 65535, DataType.UINT16))).doesNotThrowAnyException();
        assertThatCode(() -> map(Point.of("a", Table.INPUT_REGISTER, 65534, DataType.FLOAT32))).doesNotThrowAnyException();
    }

    @Test
    void bitTablesHoldOnlyBools() {
        assertThatThrownBy(() -> map(Point.of("a", Table.COIL, 0, DataType.UINT16)))
                .hasMessageContaining("which holds bits: type must be bool, not uint16");
    }

    @Test
    void namesAreUniqueAndPlain() {
        assertThatThrownBy(() -> map(Point.of("a", Table.COIL, 0, DataType.BOOL), Point.of("a", Table.COIL, 1, DataType.BOOL)))
                .hasMessageContaining("'a' is used twice");
        assertThatThrownBy(() -> map(Point.of("1a", Table.COIL, 0, DataType.BOOL))).hasMessageContaining("must start with a letter");
        assertThatThrownBy(() -> map(Point.of("a/b", Table.COIL, 0, DataType.BOOL))).hasMessageContaining("point name 'a/b'");
        assertThatThrownBy(() -> map(Point.of("line.retries", Table.HOLDING_REGISTER, 0, DataType.UINT64)))
                .hasMessageContaining("must not start with 'line.'");
        assertThatThrownBy(() -> map(Point.of("telemetry.seq", Table.HOLDING_REGISTER, 0, DataType.UINT64)))
                .hasMessageContaining("point name 'telemetry.seq' must not start with 'telemetry.'");
    }

    @Test
    void everyTypeIncludingUint64IsAcceptedInACustomMap() {
        assertThatCode(() -> MapParser.parse("m", new String[] {"energy;holding;0;uint64;CDAB;1;0;Wh",
            "count;input;0;int64", "f;holding;4;float32;DCBA"}, 125, 0)).doesNotThrowAnyException();
        assertThatThrownBy(() -> MapParser.parse("m", new String[] {"x;holding;0;uint128"}, 125, 0))
                .hasMessageContaining("type 'uint128' is not one of bool, int16, uint16, int32, uint32, int64, uint64, float32, float64, string");
    }

    @Test
    void scaleFactorsMustReferToAnInt16Point() {
        assertThatThrownBy(() -> map(Point.of("w", Table.HOLDING_REGISTER, 0, DataType.INT16).withScaleFactor("sf")))
                .hasMessageContaining("takes its scale factor from 'sf', which is not an int16 point");
        assertThatCode(() -> map(Point.of("w", Table.HOLDING_REGISTER, 0, DataType.INT16).withScaleFactor("sf"),
                Point.of("sf", Table.HOLDING_REGISTER, 1, DataType.INT16))).doesNotThrowAnyException();
    }

    @Test
    void blockSettingsAndSizesAreChecked() {
        Point p = Point.of("a", Table.HOLDING_REGISTER, 0, DataType.UINT16);
        assertThatThrownBy(() -> new RegisterMap("m", List.of(p), 126, 0)).hasMessageContaining("block size 126 is outside 1-125");
        assertThatThrownBy(() -> new RegisterMap("m", List.of(p), 125, -1)).hasMessageContaining("gap -1");
        assertThatThrownBy(() -> new RegisterMap("m", List.of(Point.of("f", Table.HOLDING_REGISTER, 0, DataType.FLOAT64)), 2, 0))
                .hasMessageContaining("needs 4 registers, more than one block of 2");
        assertThatThrownBy(() -> map(new Point("s", Table.HOLDING_REGISTER, 0, DataType.STRING, WordOrder.ABCD, 1, 0, "", 126, "")))
                .hasMessageContaining("string length 126 is outside 1-125");
        assertThatThrownBy(() -> map(p.scaled(0, ""))).hasMessageContaining("scale 0.0 must be finite and not 0");
    }
}
