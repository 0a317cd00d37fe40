package org.cabinetgw.power.internal.map;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Turns registers into values and back. Pure functions, so every type and word order is unit tested,
 * and checked against libmodbus's own encoders in the interop test.
 */
public final class Codec {

    private Codec() {
    }

    /** The raw (unscaled) number a numeric point holds in {@code regs} starting at {@code at}, as a double. */
    public static double raw(int[] regs, int at, Point p) {
        return number(regs, at, p).doubleValue();
    }

    /**
     * The raw number exactly as stored: a Long for bool (0 or 1) and the integer types (uint64 too while it fits),
     * a BigInteger for a uint64 from 2^63, a Float for float32, a Double for float64.
     */
    public static Number number(int[] regs, int at, Point p) {
        if (p.type() == DataType.STRING) {
            throw new IllegalArgumentException("point '" + p.name() + "' is a string");
        }
        if (p.type() == DataType.BOOL) {
            return regs[at] != 0 ? 1L : 0L;
        }
        long bits = combine(regs, at, p.type().registers(), p.order());
        return switch (p.type()) {
            case INT16 -> (long) (short) bits;
            case UINT16 -> bits & 0xFFFF;
            case INT32 -> (long) (int) bits;
            case UINT32 -> bits & 0xFFFF_FFFFL;
            case INT64 -> bits;
            case UINT64 -> bits >= 0 ? (Number) bits : new BigInteger(Long.toUnsignedString(bits));
            case FLOAT32 -> Float.intBitsToFloat((int) bits);
            case FLOAT64 -> Double.longBitsToDouble(bits);
            default -> throw new IllegalStateException(p.type().name());
        };
    }

    /**
     * The physical value, exact: {@code raw * scale * 10^exponent + offset} computed in decimal. Unscaled
     * integers stay a Long or BigInteger; a float stays its shortest decimal ({@link ShortestDecimal}); anything
     * scaled is a BigDecimal. Null for a NaN or infinite float, which has no decimal.
     */
    public static Number exact(Number raw, Point p, int exponent) {
        BigDecimal value;
        if (raw instanceof Float f) {
            if (!Float.isFinite(f)) {
                return null;
            }
            value = ShortestDecimal.of(f);
        } else if (raw instanceof Double d) {
            if (!Double.isFinite(d)) {
                return null;
            }
            value = ShortestDecimal.of(d);
        } else if (p.scale() == 1 && p.offset() == 0 && exponent == 0) {
            return raw; // Long or BigInteger, as stored
        } else {
            value = raw instanceof BigInteger b ? new BigDecimal(b) : BigDecimal.valueOf(raw.longValue());
        }
        if (p.scale() != 1) {
            value = value.multiply(BigDecimal.valueOf(p.scale())); // valueOf: the scale as it was written, 0.1 not 0.1000000000000000055
        }
        if (exponent != 0) {
            value = value.scaleByPowerOfTen(exponent);
        }
        if (p.offset() != 0) {
            value = value.add(BigDecimal.valueOf(p.offset()));
        }
        return ShortestDecimal.normal(value);
    }

    /** The physical value: {@code raw * scale * 10^exponent + offset}. */
    public static double value(double raw, Point p, int exponent) {
        double v = raw * p.scale();
        if (exponent != 0) {
            v *= Math.pow(10, exponent);
        }
        return v + p.offset();
    }

    /** A string point's text, up to its first NUL, trailing spaces removed. */
    public static String text(int[] regs, int at, Point p) {
        byte[] bytes = new byte[2 * p.length()];
        for (int i = 0; i < p.length(); i++) {
            int w = regs[at + i];
            if (p.order().byteSwap()) {
                w = ((w & 0xFF) << 8) | (w >> 8);
            }
            bytes[2 * i] = (byte) (w >> 8);
            bytes[2 * i + 1] = (byte) w;
        }
        int n = 0;
        while (n < bytes.length && bytes[n] != 0) {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1).stripTrailing();
    }

    /** Big-endian bits of {@code count} registers after undoing the word order. */
    static long combine(int[] regs, int at, int count, WordOrder order) {
        long bits = 0;
        for (int k = 0; k < count; k++) {
            int w = regs[at + (order.wordSwap() ? count - 1 - k : k)] & 0xFFFF;
            if (order.byteSwap()) {
                w = ((w & 0xFF) << 8) | (w >> 8);
            }
            bits = (bits << 16) | w;
        }
        return bits;
    }

    /**
     * The registers that store {@code value} for a numeric point (the inverse of {@link #raw}, before
     * scaling): used by the simulator and by writes.
     */
    public static int[] encode(double value, DataType type, WordOrder order) {
        long bits = switch (type) {
            case BOOL -> value != 0 ? 1 : 0;
            case INT16, UINT16, INT32, UINT32, INT64 -> (long) Math.rint(value);
            case UINT64 -> value >= 0x1p63 ? (long) Math.rint(value - 0x1p64) : (long) Math.rint(value);
            case FLOAT32 -> Float.floatToRawIntBits((float) value) & 0xFFFF_FFFFL;
            case FLOAT64 -> Double.doubleToRawLongBits(value);
            case STRING -> throw new IllegalArgumentException("use encodeText for strings");
        };
        int n = type.registers();
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            int w = (int) (bits >>> (16 * (n - 1 - k))) & 0xFFFF;
            if (order.byteSwap()) {
                w = ((w & 0xFF) << 8) | (w >> 8);
            }
            out[order.wordSwap() ? n - 1 - k : k] = w;
        }
        return out;
    }

    /** Registers holding {@code text} (ISO-8859-1, NUL padded) in {@code length} registers. */
    public static int[] encodeText(String text, int length, WordOrder order) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            int hi = 2 * i < b.length ? b[2 * i] & 0xFF : 0;
            int lo = 2 * i + 1 < b.length ? b[2 * i + 1] & 0xFF : 0;
            int w = hi << 8 | lo;
            out[i] = order.byteSwap() ? ((w & 0xFF) << 8) | (w >> 8) : w;
        }
        return out;
    }
}
