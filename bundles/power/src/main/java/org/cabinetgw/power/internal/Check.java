package org.cabinetgw.power.internal;

import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Range checks whose messages name the attribute, its value and the allowed range, in the words every bundle
 * uses ({@link SettingRanges}: {@code poll.millis = 10 is out of range; allowed 100..3600000}).
 */
public final class Check {

    private Check() {
    }

    public static int range(String attribute, int value, int min, int max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    public static double range(String attribute, double value, double min, double max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    public static String text(String attribute, String value, String pattern, String what) {
        String v = value == null ? "" : value.trim();
        if (!v.matches(pattern)) {
            throw new IllegalArgumentException(attribute + " = '" + v + "' must be " + what);
        }
        return v;
    }
}
