package org.cabinetgw.power.internal;

import org.cabinetgw.support.internal.settings.SettingRanges;

/** Range checks whose messages name the attribute, its value and the allowed range. */
public final class Check {

    private Check() {
    }

    /** The one message of every bundle (bundles/support): {@code attribute = value is out of range; allowed min..max}. */
    public static int range(String attribute, int value, int min, int max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    /** NaN is out of every range. */
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
