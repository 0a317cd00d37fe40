package org.cabinetgw.conf.internal;

import java.util.List;
import java.util.Objects;

/**
 * One {@code esf:property} of Kura's configuration XML: its name, Kura's type name ({@code String}, {@code Integer},
 * {@code Password}...), whether it is an array, and its values as text (one for a scalar).
 */
record EsfProperty(String name, String type, boolean array, List<String> values) {

    EsfProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
    }
}
