package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.cabinetgw.modbus.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecTest {

    private static Point p(DataType type, WordOrder order) {
        return new Point("x", Table.HOLDING_REGISTER, 0, type, order, 1, 0, "", 0, "");
    }

    @Test
    void float32InEveryOrderMatchesTheBytesLibmodbusDocuments() {
        // 123.456f is 0x42F6E979: A=42 B=F6 C=E9 D=79
        assertThat(Codec.raw(new int[] {0x42F6, 0xE979}, 0, p(DataType.FLOAT32, WordOrder.ABCD))).isCloseTo(123.456, within(1e-4));
        assertThat(Codec.raw(new int[] {0xE979, 0x42F6}, 0, p(DataType.FLOAT32, WordOrder.CDAB))).isCloseTo(123.456, within(1e-4));
        assertThat(Codec.raw(new int[] {0xF642, 0x79E9}, 0, p(DataType.FLOAT32, WordOrder.BADC))).isCloseTo(123.456, within(1e-4));
        assertThat(Codec.raw(new int[] {0x79E9, 0xF642}, 0, p(DataType.FLOAT32, WordOrder.DCBA))).isCloseTo(123.456, within(1e-4));
    }

    @Test
    void signedAndUnsignedSixteenBits() {
        assertThat(Codec.raw(new int[] {0xFFFE}, 0, p(DataType.INT16, WordOrder.ABCD))).isEqualTo(-2);
        assertThat(Codec.raw(new int[] {0xFFFE}, 0, p(DataType.UINT16, WordOrder.ABCD))).isEqualTo(65534);
        assertThat(Codec.raw(new int[] {0x0180}, 0, p(DataType.INT16, WordOrder.BADC))).isEqualTo(-32767);
        assertThat(Codec.raw(new int[] {0x8000}, 0, p(DataType.INT16, WordOrder.ABCD))).isEqualTo(-32768);
    }

    @Test
    void thirtyTwoAndSixtyFourBitIntegers() {
        assertThat(Codec.raw(new int[] {0xFFFF, 0xFFFE}, 0, p(DataType.INT32, WordOrder.ABCD))).isEqualTo(-2);
        assertThat(Codec.raw(new int[] {0xFFFF, 0xFFFE}, 0, p(DataType.UINT32, WordOrder.ABCD))).isEqualTo(4294967294.0);
        assertThat(Codec.raw(new int[] {0x5678, 0x1234}, 0, p(DataType.UINT32, WordOrder.CDAB))).isEqualTo(0x12345678);
        assertThat(Codec.raw(new int[] {0x0001, 0x0000, 0x0000, 0x0000}, 0, p(DataType.INT64, WordOrder.ABCD)))
                .isEqualTo(281474976710656.0);
        assertThat(Codec.raw(new int[] {0x0000, 0x0000, 0x0000, 0x0001}, 0, p(DataType.INT64, WordOrder.CDAB)))
                .isEqualTo(281474976710656.0);
        assertThat(Codec.raw(new int[] {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}, 0, p(DataType.INT64, WordOrder.DCBA))).isEqualTo(-1);
    }

    @Test
    void float64() {
        // 1.0 is 0x3FF0_0000_0000_0000
        assertThat(Codec.raw(new int[] {0x3FF0, 0, 0, 0}, 0, p(DataType.FLOAT64, WordOrder.ABCD))).isEqualTo(1.0);
        assertThat(Codec.raw(new int[] {0, 0, 0, 0xF03F}, 0, p(DataType.FLOAT64, WordOrder.DCBA))).isEqualTo(1.0);
    }

    @ParameterizedTest
    @EnumSource(WordOrder.class)
    void everyNumericTypeRoundTripsInEveryOrder(WordOrder order) {
        double[][] samples = {
            {DataType.INT16.ordinal(), -12345}, {DataType.UINT16.ordinal(), 54321}, {DataType.INT32.ordinal(), -123456789},
            {DataType.UINT32.ordinal(), 3_000_000_000.0}, {DataType.INT64.ordinal(), -9_007_199_254_740_991.0},
            {DataType.FLOAT32.ordinal(), 49.97999954223633}, {DataType.FLOAT64.ordinal(), Math.PI},
            {DataType.BOOL.ordinal(), 1}};
        for (double[] s : samples) {
            DataType type = DataType.values()[(int) s[0]];
            int[] regs = new int[6];
            int[] enc = Codec.encode(s[1], type, order);
            System.arraycopy(enc, 0, regs, 1, enc.length); // at an offset inside a block
            assertThat(Codec.raw(regs, 1, p(type, order))).as(type + " " + order).isEqualTo(s[1]);
        }
    }

    @Test
    void scaleOffsetAndPowerOfTenExponent() {
        Point point = new Point("v", Table.INPUT_REGISTER, 0, DataType.UINT16, WordOrder.ABCD, 0.1, -40, "C", 0, "");
        assertThat(Codec.value(655, point, 0)).isCloseTo(25.5, within(1e-9));
        assertThat(Codec.value(2301, Point.of("v", Table.INPUT_REGISTER, 0, DataType.INT16), -1)).isCloseTo(230.1, within(1e-9));
        assertThat(Codec.value(5, Point.of("w", Table.INPUT_REGISTER, 0, DataType.INT16), 3)).isEqualTo(5000);
    }

    @Test
    void stringsStopAtNulAndHonourByteSwap() {
        Point s = new Point("model", Table.HOLDING_REGISTER, 0, DataType.STRING, WordOrder.ABCD, 1, 0, "", 4, "");
        assertThat(Codec.text(Codec.encodeText("SDM630", 4, WordOrder.ABCD), 0, s)).isEqualTo("SDM630");
        assertThat(Codec.text(new int[] {0x4142, 0x4300, 0x5858, 0x5858}, 0, s)).isEqualTo("ABC");
        Point swapped = new Point("m", Table.HOLDING_REGISTER, 0, DataType.STRING, WordOrder.BADC, 1, 0, "", 2, "");
        assertThat(Codec.text(new int[] {0x4241, 0x0043}, 0, swapped)).isEqualTo("ABC");
        assertThat(Codec.text(Codec.encodeText("Fronius ", 4, WordOrder.ABCD), 0, s)).isEqualTo("Fronius");
    }

    @Test
    void boolInARegisterIsTrueWhenNotZero() {
        assertThat(Codec.raw(new int[] {0}, 0, p(DataType.BOOL, WordOrder.ABCD))).isZero();
        assertThat(Codec.raw(new int[] {0x8000}, 0, p(DataType.BOOL, WordOrder.ABCD))).isEqualTo(1);
    }
}
