package org.cabinetgw.kura.bridge.internal;

/** LDAP filter values: a PID comes from configuration and may hold any character a filter treats as syntax. */
final class Ldap {

    private Ldap() {
    }

    /** {@code value} with {@code \ * ( )} escaped (RFC 1960), so it matches itself literally. */
    static String escape(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code (key=value)} with the value escaped. */
    static String equal(String key, String value) {
        return "(" + key + "=" + escape(value) + ")";
    }
}
