package org.cabinetgw.storage.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Checks of configuration values. A value out of range refuses the whole configuration (the component
 * does not activate) with a sentence naming the PID, the attribute, the value and what is allowed.
 */
final class Validation {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,31}$");
    private static final Pattern MD_NAME = Pattern.compile("^md[a-z0-9_]{1,32}$");

    private Validation() {
    }

    static int range(String pid, String attribute, int value, int min, int max) {
        return SettingRanges.check(pid, attribute, value, min, max);
    }

    /** A range that also allows 0 for "off". */
    static int rangeOrOff(String pid, String attribute, int value, int min, int max) {
        return value == 0 ? 0 : range(pid, attribute + " (0 = off)", value, min, max);
    }

    static long range(String pid, String attribute, long value, long min, long max) {
        return SettingRanges.check(pid, attribute, value, min, max);
    }

    /** An absolute path without '..' segments or control characters; empty when {@code optional}. */
    static String path(String pid, String attribute, String value, boolean optional) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() && optional) {
            return "";
        }
        if (!v.startsWith("/") || v.length() > 255 || v.contains("/../") || v.endsWith("/..")
                || v.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value
                    + "' is not an absolute path" + (optional ? " (or empty to disable)" : "") + ", e.g. /proc/mdstat");
        }
        return v;
    }

    /** The name that makes the health component storage.disk.NAME: lower case, digits, '.', '_', '-'. */
    static String name(String pid, String attribute, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(pid + ": " + attribute + " = '" + value
                    + "' is not a name; allowed 1-32 characters a-z 0-9 . _ - starting with a letter or digit");
        }
        return value;
    }

    /** {@code md0=1} entries: the spares each array should have. */
    static Map<String, Integer> expectedSpares(String pid, String attribute, String[] entries) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (entries == null) {
            return out;
        }
        for (String entry : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] kv = entry.trim().split("=", -1);
            int count = -1;
            if (kv.length == 2 && MD_NAME.matcher(kv[0].trim()).matches()) {
                try {
                    count = Integer.parseInt(kv[1].trim());
                } catch (NumberFormatException e) {
                    count = -1;
                }
            }
            if (count < 0 || count > 64) {
                throw new IllegalArgumentException(pid + ": " + attribute + " entry '" + entry
                        + "' is not ARRAY=COUNT with an md name and a count 0..64, e.g. md0=1");
            }
            out.put(kv[0].trim(), count);
        }
        return out;
    }
}
