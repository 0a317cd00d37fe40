package org.cabinetgw.uplink.internal;

import org.cabinetgw.support.internal.settings.SettingRanges;

/** Checks one configuration value; the message names the attribute, its value and the allowed range. */
public final class Ranges {

    private Ranges() {
    }

    public static long check(String attribute, long value, long min, long max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    public static int check(String attribute, int value, int min, int max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    public static String notBlank(String attribute, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(attribute + " must not be empty");
        }
        return value.trim();
    }
}
