package org.cabinetgw.power.internal.map;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.Predicate;

/**
 * The shortest decimal that reads back to the same float or double: a meter's float32 49.98 is sent as
 * {@code 49.98}, not widened to {@code 49.97999954223633}. Java 19's {@code Float.toString} guarantees the
 * shortest digits; Java 17's (ours) does not always (JDK-4511638), so its text is only the starting point:
 * one digit fewer is tried, rounded down, up and to nearest, and kept when it reads back, until none does.
 * A text that "reads back" is one {@link Float#parseFloat} / {@link Double#parseDouble} turn into the same
 * bits, which is what a receiver does with it.
 */
public final class ShortestDecimal {

    /** Below this magnitude an integral value is written without an exponent, as JavaScript does. */
    private static final BigDecimal PLAIN_LIMIT = new BigDecimal("1e21");
    private static final RoundingMode[] MODES = {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING};

    private ShortestDecimal() {
    }

    /** The shortest decimal of a finite float; -0.0 gives 0. */
    public static BigDecimal of(float f) {
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException(f + " has no decimal");
        }
        // float to double is exact
        return shortest(new BigDecimal((double) f), Float.toString(f), c -> Float.parseFloat(c) == f);
    }

    /** The shortest decimal of a finite double; -0.0 gives 0. */
    public static BigDecimal of(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(d + " has no decimal");
        }
        return shortest(new BigDecimal(d), Double.toString(d), c -> Double.parseDouble(c) == d);
    }

    /** From Java's text (always reads back), one digit fewer at a time while a decimal that short reads back. */
    private static BigDecimal shortest(BigDecimal exact, String javaText, Predicate<String> readsBack) {
        BigDecimal found = new BigDecimal(javaText);
        while (found.signum() != 0) {
            BigDecimal shorter = shorter(exact, found.stripTrailingZeros().precision() - 1, readsBack);
            if (shorter == null) {
                break;
            }
            found = shorter;
        }
        return normal(found);
    }

    /** Of the decimals with {@code digits} significant digits next to {@code exact}, the closest that reads back. */
    private static BigDecimal shorter(BigDecimal exact, int digits, Predicate<String> readsBack) {
        if (digits < 1) {
            return null;
        }
        BigDecimal best = null;
        for (RoundingMode mode : MODES) {
            BigDecimal c = exact.round(new MathContext(digits, mode));
            if (readsBack.test(c.toString()) && (best == null
                    || c.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = c;
            }
        }
        return best;
    }

    /** No trailing zeros; an integral value below 10^21 without an exponent ({@code 10000000}, not {@code 1E+7}). */
    static BigDecimal normal(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        if (s.signum() == 0) {
            return BigDecimal.ZERO;
        }
        return s.scale() < 0 && s.abs().compareTo(PLAIN_LIMIT) < 0 ? s.setScale(0) : s;
    }
}
