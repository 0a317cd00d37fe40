package org.cabinetgw.core.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which report of a refused configuration is said at WARN: the first one for each version of the configuration
 * (its values). One bad value is seen twice — by the Metatype check and by the component
 * that refuses it (or by Declarative Services' record of a failed activation) — in either order; the operator
 * gets one line, the others go to DEBUG. A new value (a new version) that is refused again gets its own line; the
 * component refusing the same version again after a bundle update does not. Pure; unit tested.
 */
final class RefusalLog {

    /** Per PID: the version ({@link #content}) last said at WARN. Bounded by the number of PIDs. */
    private final Map<String, String> said = new HashMap<>();

    /** True when this is the first report of this version of the PID's configuration: the one to WARN. */
    synchronized boolean first(String pid, String version) {
        return !version.equals(said.put(pid, version));
    }

    /** A configuration's values as one string, keys in order, arrays spelt out: equal values, equal strings. */
    static String content(Dictionary<String, ?> properties) {
        if (properties == null) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (String key : Collections.list(properties.keys())) {
            Object v = properties.get(key);
            sorted.put(key, v instanceof Object[] a ? Arrays.deepToString(a)
                    : v != null && v.getClass().isArray() ? arrayText(v) : String.valueOf(v));
        }
        return sorted.toString();
    }

    private static String arrayText(Object primitiveArray) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < java.lang.reflect.Array.getLength(primitiveArray); i++) {
            b.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(primitiveArray, i));
        }
        return b.append(']').toString();
    }
}
