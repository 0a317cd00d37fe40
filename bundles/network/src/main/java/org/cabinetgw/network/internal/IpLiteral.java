package org.cabinetgw.network.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parses numeric IPv4/IPv6 addresses without ever asking DNS: configuration values that end up in an
 * {@code ip} command line must be literal addresses, never names.
 */
final class IpLiteral {

    private IpLiteral() {
    }

    /** True when {@code text} is a literal IPv4 or IPv6 address. */
    static boolean isLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : text.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        // An IPv6 literal: hex digits, colons and (for mapped addresses) dots only; never a host name.
        return text.contains(":") && text.matches("[0-9A-Fa-f:.]+") && parses(text);
    }

    /** The address of a literal; throws IllegalArgumentException for anything else. */
    static InetAddress parse(String attribute, String text) {
        if (!isLiteral(text)) {
            throw new IllegalArgumentException(attribute + " = '" + text + "' is not a numeric IP address");
        }
        try {
            return InetAddress.getByName(text); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(attribute + " = '" + text + "' is not a numeric IP address");
        }
    }

    private static boolean parses(String text) {
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
