package org.cabinetgw.uplink.internal;

/** Checks one configuration value; the message names the attribute, its value and the allowed range. */
public final class Ranges {

    private Ranges() {
    }

    public static long check(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    attribute + " = " + value + " is out of range: allowed " + min + ".." + max);
        }
        return value;
    }

    public static int check(String attribute, int value, int min, int max) {
        return (int) check(attribute, (long) value, min, max);
    }

    public static String notBlank(String attribute, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(attribute + " must not be empty");
        }
        return value.trim();
    }
}
