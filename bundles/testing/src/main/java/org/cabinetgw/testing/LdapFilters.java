package org.cabinetgw.testing;

/**
 * LDAP filters (RFC 1960, the OSGi filter syntax) for finding a service by a property a test chose, such as the
 * uplink configured with this {@code data.directory}: the value is escaped ({@code \ * ( )}), so a temporary
 * directory's name can never change the filter's meaning or make it invalid.
 */
public final class LdapFilters {

    private LdapFilters() {
    }

    /** {@code (key=value)}, the value escaped. */
    public static String equal(String key, String value) {
        return "(" + key + "=" + escape(value) + ")";
    }

    /** {@code (&(objectClass=<type>)(key=value))}, the value escaped: the service of {@code type} with that property. */
    public static String service(Class<?> type, String key, String value) {
        return "(&(objectClass=" + type.getName() + ")" + equal(key, value) + ")";
    }

    /** The value with the four characters a filter gives a meaning escaped by a backslash. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '*' || c == '(' || c == ')') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
