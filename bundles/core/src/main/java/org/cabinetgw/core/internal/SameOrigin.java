package org.cabinetgw.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a state-changing request comes from a page of the gateway itself (cross-site request forgery
 * defence). A browser sends {@code Origin} with every POST, PUT, DELETE and PATCH, cross-site or not; older
 * ones only {@code Referer}. Either must name the scheme, host and port the request was sent to.
 *
 * <p>A request with neither header is let through: browsers always send one of them on a cross-site post
 * (a page cannot suppress both), while curl, scripts and the cloud's tools send none and authenticate
 * with HTTP Basic like everyone else. {@code Origin: null} (a sandboxed frame, a {@code data:} page) is
 * refused: it is what a forging page can make a browser send.
 */
final class SameOrigin {

    private SameOrigin() {
    }

    /**
     * @param scheme, host, port where the request was sent to, as the server read it ({@code Host} header)
     */
    static boolean allows(String origin, String referer, String scheme, String host, int port) {
        String claimed = origin != null ? origin : referer;
        if (claimed == null) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(claimed.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false; // "null", or anything that names no site
        }
        String claimedScheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return claimedScheme.equals(scheme.toLowerCase(Locale.ROOT))
                && bare(uri.getHost()).equals(bare(host))
                && effectivePort(claimedScheme, uri.getPort()) == effectivePort(claimedScheme, port);
    }

    /** Host names compare without case, IPv6 literals without their brackets. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static int effectivePort(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return "https".equals(scheme) ? 443 : 80;
    }
}
