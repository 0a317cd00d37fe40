package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;

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

    @ParameterizedTest
    @EnumSource(WordOrder.class)
    void uint64InEveryOrderIsExactUpTo2To64(WordOrder order) {
        // 2^64-1, 2^63 (one above Long.MAX_VALUE) and 2^53+1 (the first integer a double cannot hold)
        int[] max = {0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF};
        assertThat(Codec.number(max, 0, p(DataType.UINT64, order))).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(Codec.number(Codec.encode(-1, DataType.INT64, order), 0, p(DataType.INT64, order))).isEqualTo(-1L);
        int[] top = registersOf(Long.MIN_VALUE, order);
        assertThat(Codec.number(top, 0, p(DataType.UINT64, order))).isEqualTo(new BigInteger("9223372036854775808"));
        int[] odd = registersOf(9_007_199_254_740_993L, order);
        assertThat(Codec.number(odd, 0, p(DataType.UINT64, order))).isEqualTo(9_007_199_254_740_993L);
        assertThat(Codec.number(odd, 0, p(DataType.INT64, order))).isEqualTo(9_007_199_254_740_993L);
        assertThat(Codec.exact(Codec.number(odd, 0, p(DataType.UINT64, order)), p(DataType.UINT64, order), 0))
                .hasToString("9007199254740993");
    }

    /** The registers of a 64-bit pattern in an order, built by hand (not by the encoder under test). */
    private static int[] registersOf(long bits, WordOrder order) {
        int[] out = new int[4];
        for (int k = 0; k < 4; k++) {
            int w = (int) (bits >>> (48 - 16 * k)) & 0xFFFF;
            if (order.byteSwap()) {
                w = ((w & 0xFF) << 8) | (w >> 8);
            }
            out[order.wordSwap() ? 3 - k : k] = w;
        }
        return out;
    }

    @Test
    void exactValuesKeepTheirType() {
        assertThat(Codec.exact(-123456L, p(DataType.INT32, WordOrder.ABCD), 0)).isEqualTo(-123456L);
        assertThat(Codec.exact(4_000_000_000L, p(DataType.UINT32, WordOrder.ABCD), 0)).isEqualTo(4_000_000_000L);
        assertThat(Codec.exact(49.98f, p(DataType.FLOAT32, WordOrder.ABCD), 0)).hasToString("49.98");
        assertThat(Codec.exact(Math.PI, p(DataType.FLOAT64, WordOrder.ABCD), 0)).hasToString("3.141592653589793");
        assertThat(Codec.exact(Float.NaN, p(DataType.FLOAT32, WordOrder.ABCD), 0)).isNull();
        assertThat(Codec.exact(Double.NEGATIVE_INFINITY, p(DataType.FLOAT64, WordOrder.ABCD), 0)).isNull();
    }

    @Test
    void scaledValuesAreComputedInDecimal() {
        Point tenths = new Point("v", Table.INPUT_REGISTER, 0, DataType.UINT16, WordOrder.ABCD, 0.1, -30, "V", 0, "");
        assertThat(Codec.exact(2301L, tenths, 0)).isEqualTo(new BigDecimal("200.1"));
        assertThat(Codec.exact(2301L, Point.of("v", Table.INPUT_REGISTER, 0, DataType.INT16), -1)).hasToString("230.1");
        assertThat(Codec.exact(5L, Point.of("w", Table.INPUT_REGISTER, 0, DataType.INT16), 3)).hasToString("5000");
        // as a double 3 * 0.1 is 0.30000000000000004; in decimal it is what the meter means
        Point scaled = new Point("a", Table.INPUT_REGISTER, 0, DataType.INT16, WordOrder.ABCD, 0.1, 0, "A", 0, "");
        assertThat(Codec.exact(3L, scaled, 0)).hasToString("0.3");
        Point floatScaled = new Point("e", Table.INPUT_REGISTER, 0, DataType.FLOAT32, WordOrder.ABCD, 1000, 0, "Wh", 0, "");
        assertThat(Codec.exact(12.345f, floatScaled, 0)).hasToString("12345");
    }
}
