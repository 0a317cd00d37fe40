package org.cabinetgw.power.internal;

/** Range checks whose messages name the attribute, its value and the allowed range. */
public final class Check {

    private Check() {
    }

    public static int range(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(attribute + " = " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    public static double range(String attribute, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(attribute + " = " + value + " is outside " + min + "-" + max);
        }
        return value;
    }

    public static String text(String attribute, String value, String pattern, String what) {
        String v = value == null ? "" : value.trim();
        if (!v.matches(pattern)) {
            throw new IllegalArgumentException(attribute + " = '" + v + "' must be " + what);
        }
        return v;
    }
}
