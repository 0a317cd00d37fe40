package org.cabinetgw.support.internal.settings;

/**
 * The property name Declarative Services and Metatype give a component property type's method (OSGi
 * Compendium 112.8.2.1): {@code $$} is {@code $}, {@code $_$} is {@code -}, another {@code $} is dropped,
 * {@code __} is {@code _}, another {@code _} is {@code .}. So {@code probe_interval_millis()} reads
 * {@code probe.interval.millis}.
 */
public final class PropertyNames {

    private PropertyNames() {
    }

    public static String of(String methodName) {
        StringBuilder b = new StringBuilder(methodName.length());
        int n = methodName.length();
        for (int i = 0; i < n; i++) {
            char c = methodName.charAt(i);
            char next = i + 1 < n ? methodName.charAt(i + 1) : 0;
            if (c == '$') {
                if (next == '$') {
                    b.append('$');
                    i++;
                } else if (next == '_' && i + 2 < n && methodName.charAt(i + 2) == '$') {
                    b.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (next == '_') {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
