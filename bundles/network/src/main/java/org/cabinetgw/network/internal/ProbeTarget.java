package org.cabinetgw.network.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One probe target, parsed from its configuration text:
 * <ul>
 * <li>{@code tcp://host:port}: a TCP connection is opened and closed;</li>
 * <li>{@code http://host[:port]/path} and {@code https://...}: a GET whose status must be the expected one;</li>
 * <li>{@code dns://server[:port]/name}: an A query for {@code name} sent to {@code server}; any answer with the
 * query's id counts (even NXDOMAIN: the server answered, so the path works).</li>
 * </ul>
 *
 * @param kind the probe kind
 * @param host host name or literal address (names are resolved at each round, so a DNS change is seen)
 * @param port port
 * @param path HTTP path or DNS query name; empty for TCP
 * @param text the original text, used in reasons and logs
 */
record ProbeTarget(Kind kind, String host, int port, String path, String text) {

    enum Kind { TCP, HTTP, HTTPS, DNS }

    static ProbeTarget parse(String attribute, String text) {
        if (text == null || text.isBlank() || text.length() > 512) {
            throw new IllegalArgumentException(attribute + " = '" + text + "' is empty or longer than 512 characters");
        }
        String trimmed = text.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(attribute + " = '" + text + "' is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "tcp" -> Kind.TCP;
            case "http" -> Kind.HTTP;
            case "https" -> Kind.HTTPS;
            case "dns" -> Kind.DNS;
            default -> throw new IllegalArgumentException(attribute + " = '" + text
                    + "' has an unknown scheme; allowed tcp://host:port, http(s)://host[:port]/path, dns://server[:port]/name");
        };
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(attribute + " = '" + text + "' has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort();
        if (port == -1) {
            port = switch (kind) {
                case TCP -> throw new IllegalArgumentException(attribute + " = '" + text + "' needs a port (tcp://host:port)");
                case HTTP -> 80;
                case HTTPS -> 443;
                case DNS -> 53;
            };
        }
        Check.range(attribute + " port", port, 1, 65535);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path = path + "?" + uri.getRawQuery();
        }
        switch (kind) {
            case TCP -> path = "";
            case HTTP, HTTPS -> {
                if (path.isEmpty()) {
                    path = "/";
                }
                // The path goes on the request line verbatim: no spaces or line breaks may smuggle headers in.
                if (!path.matches("[\\x21-\\x7e]+")) {
                    throw new IllegalArgumentException(attribute + " = '" + text + "' has an invalid path");
                }
            }
            case DNS -> {
                path = path.startsWith("/") ? path.substring(1) : path;
                if (!DnsQuery.isValidName(path)) {
                    throw new IllegalArgumentException(attribute + " = '" + text
                            + "' needs a query name (dns://server/example.com)");
                }
            }
        }
        return new ProbeTarget(kind, host, port, path, trimmed);
    }

    @Override
    public String toString() {
        return text;
    }
}
