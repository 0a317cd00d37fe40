package org.cabinetgw.network.internal;

import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Configuration checks that throw {@link IllegalArgumentException} with a message naming the attribute, the
 * value and what is allowed, so an integrator can fix the configuration from the log line alone.
 */
final class Check {

    private Check() {
    }

    static int range(String attribute, int value, int min, int max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    static long range(String attribute, long value, long min, long max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    static double range(String attribute, double value, double min, double max) {
        return SettingRanges.check(attribute, value, min, max);
    }

    /** Non-empty, at most {@code maxLength} characters, only {@code [A-Za-z0-9._-]}: safe in names, commands and topics. */
    static String token(String attribute, String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength || !value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(attribute + " = '" + value + "' is invalid; allowed 1.." + maxLength
                    + " characters of A-Z a-z 0-9 . _ -");
        }
        return value;
    }

    static <T> T notNull(String attribute, T value) {
        if (value == null) {
            throw new IllegalArgumentException(attribute + " is missing");
        }
        return value;
    }
}
