package org.cabinetgw.core.internal;

import org.cabinetgw.support.internal.settings.ServletPaths;
import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Checks of configuration values. A value out of range refuses the whole configuration with a
 * sentence that names the PID, the attribute, the value and what is allowed.
 */
final class Validation {

    private Validation() {
    }

    static int range(String pid, String attribute, int value, int min, int max) {
        return SettingRanges.check(pid, attribute, value, min, max);
    }

    static String path(String pid, String attribute, String value) {
        return ServletPaths.check(pid, attribute, value, "/health");
    }
}
