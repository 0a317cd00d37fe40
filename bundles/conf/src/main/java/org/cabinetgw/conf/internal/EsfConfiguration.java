package org.cabinetgw.conf.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One {@code esf:configuration}: a PID and its properties by name, in document order. */
record EsfConfiguration(String pid, Map<String, EsfProperty> properties) {

    EsfConfiguration {
        Objects.requireNonNull(pid, "pid");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
