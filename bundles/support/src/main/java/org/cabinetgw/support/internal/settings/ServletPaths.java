package org.cabinetgw.support.internal.settings;

/**
 * The check of a servlet's path setting ({@code osgi.http.whiteboard.servlet.pattern}), one rule and one message
 * for every bundle that serves HTTP: {@code <pid>: <setting> = '<value>' is not a servlet path; it must start with
 * '/', e.g. /health}. A path starts with '/', has at most 200 characters, and a '*' only as its end {@code /*}
 * (a pattern the HTTP Whiteboard would refuse, or read as something else, is refused here with the setting's name).
 */
public final class ServletPaths {

    private static final int MAX_LENGTH = 200;

    private ServletPaths() {
    }

    /** @param example a good value for this servlet, shown in the message, e.g. {@code /ha/*} */
    public static String check(String pid, String setting, String value, String example) {
        if (value == null || !value.startsWith("/") || value.length() > MAX_LENGTH
                || value.contains("*") && !(value.endsWith("/*") && value.indexOf('*') == value.length() - 1)) {
            throw new IllegalArgumentException(pid + ": " + setting + " = '" + value
                    + "' is not a servlet path; it must start with '/', e.g. " + example);
        }
        return value;
    }
}
