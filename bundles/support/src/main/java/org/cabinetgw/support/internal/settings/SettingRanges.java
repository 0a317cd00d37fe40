package org.cabinetgw.support.internal.settings;

/**
 * Range checks of configuration values, one message for all bundles:
 * {@code <setting> = <value> is out of range; allowed <min>..<max>}, so an integrator can correct the setting
 * from the log line (or /health) alone. The caller adds the PID where its messages carry it
 * ({@link #check(String, String, long, long, long)}).
 */
public final class SettingRanges {

    private SettingRanges() {
    }

    public static int check(String setting, int value, int min, int max) {
        return (int) check(setting, (long) value, min, max);
    }

    public static long check(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(message(setting, String.valueOf(value), min, max));
        }
        return value;
    }

    /** NaN is out of every range. */
    public static double check(String setting, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(message(setting, String.valueOf(value), min, max));
        }
        return value;
    }

    /** The same, the message starting with {@code pid: }. */
    public static int check(String pid, String setting, int value, int min, int max) {
        return (int) check(pid, setting, (long) value, min, max);
    }

    /** The same, the message starting with {@code pid: }. */
    public static long check(String pid, String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(pid + ": " + message(setting, String.valueOf(value), min, max));
        }
        return value;
    }

    private static String message(String setting, String value, Number min, Number max) {
        return setting + " = " + value + " is out of range; allowed " + min + ".." + max;
    }
}
