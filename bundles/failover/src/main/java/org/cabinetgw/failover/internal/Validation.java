package org.cabinetgw.failover.internal;

import java.util.Arrays;
import java.util.Locale;
import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Checks of configuration values. A value out of range refuses the whole configuration with a sentence
 * that names the PID, the attribute, the value and what is allowed.
 */
final class Validation {

    private Validation() {
    }

    static int range(String pid, String attribute, int value, int min, int max) {
        return SettingRanges.check(pid, attribute, value, min, max);
    }

    static String text(String pid, String attribute, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value
                    + "' is not allowed; it must be 1.." + maxLength + " printable characters");
        }
        return value.trim();
    }

    /** The enum constant named {@code value} (case-insensitive), or a refusal listing the allowed names. */
    static <E extends Enum<E>> E oneOf(String pid, String attribute, String value, Class<E> type) {
        if (value != null) {
            String v = value.trim().toUpperCase(Locale.ROOT);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(v)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value + "' is not allowed; one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** A bundle symbolic name: letters, digits, '.', '-', '_'. */
    static String symbolicName(String pid, String attribute, String value) {
        if (value == null || !value.matches("[A-Za-z0-9_.\\-]{1,200}")) {
            throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value
                    + "' is not a bundle symbolic name (letters, digits, '.', '-', '_')");
        }
        return value;
    }
}
