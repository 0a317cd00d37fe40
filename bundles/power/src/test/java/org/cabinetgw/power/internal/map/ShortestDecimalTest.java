package org.cabinetgw.power.internal.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ShortestDecimalTest {

    @Test
    void floatsAsAMeterMeantThem() {
        assertThat(ShortestDecimal.of(49.98f).toString()).isEqualTo("49.98");
        assertThat(ShortestDecimal.of(0.1f).toString()).isEqualTo("0.1");
        assertThat(ShortestDecimal.of(-1234.5625f).toString()).isEqualTo("-1234.5625");
        assertThat(ShortestDecimal.of(229.8f).toString()).isEqualTo("229.8");
        assertThat(ShortestDecimal.of(1.0E7f).toString()).isEqualTo("10000000");
        assertThat(ShortestDecimal.of(-0.0f).toString()).isEqualTo("0");
        assertThat(ShortestDecimal.of(0.0f).toString()).isEqualTo("0");
    }

    @Test
    void extremesOfTheFloatRange() {
        // Float.MIN_VALUE: one digit is enough (Java's "1.4E-45" has two)
        assertThat(ShortestDecimal.of(1.0E-45f).toString()).isEqualTo("1E-45");
        assertThat(ShortestDecimal.of(Float.MAX_VALUE).toString()).isEqualTo("3.4028235E+38");
        assertThat(ShortestDecimal.of(Float.MIN_NORMAL).toString()).isEqualTo("1.1754944E-38");
        assertThat(Float.parseFloat(ShortestDecimal.of(Float.MIN_NORMAL).toString())).isEqualTo(Float.MIN_NORMAL);
    }

    @Test
    void shorterThanJava17sFloatToStringWhereThatIsTooLong() {
        // Java 17 prints these with one digit too many (JDK-4511638, fixed in Java 19)
        assertThat(ShortestDecimal.of(1.18846831E13f).toString()).isEqualTo("11884683000000");
        assertThat(ShortestDecimal.of(-6.8538022E8f).toString()).isEqualTo("-685380200");
        assertThat(ShortestDecimal.of(4.44868507E18f).toString()).isEqualTo("4448685000000000000");
    }

    @Test
    void doubles() {
        assertThat(ShortestDecimal.of(2.718281828459045).toString()).isEqualTo("2.718281828459045");
        assertThat(ShortestDecimal.of(0.1 + 0.2).toString()).isEqualTo("0.30000000000000004");
        assertThat(ShortestDecimal.of(Double.MIN_VALUE).toString()).isEqualTo("5E-324");
        assertThat(ShortestDecimal.of(1e23).toString()).isEqualTo("1E+23");
        assertThat(ShortestDecimal.of(-4.0E9).toString()).isEqualTo("-4000000000");
    }

    @Test
    void everyRandomFloatReadsBackAndIsNoLongerThanAnyDecimalThatDoes() {
        Random random = new Random(19);
        for (int i = 0; i < 40_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            if (!Float.isFinite(f)) {
                continue;
            }
            BigDecimal d = ShortestDecimal.of(f);
            assertThat(Float.parseFloat(d.toString())).as("%s reads back", d).isEqualTo(f);
            // an independent search: printf's rounding at 1, 2, ... significant digits
            int shortest = 1;
            while (Float.parseFloat(String.format(Locale.ROOT, "%." + (shortest - 1) + "e", f)) != f) {
                shortest++;
            }
            assertThat(d.stripTrailingZeros().precision()).as("digits of %s (%s)", d, Float.toString(f))
                    .isLessThanOrEqualTo(shortest);
        }
    }

    @Test
    void refusesWhatHasNoDecimal() {
        assertThatThrownBy(() -> ShortestDecimal.of(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShortestDecimal.of(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
