package org.cabinetgw.uplink.internal.transport;

import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import javax.net.ssl.SSLException;

/**
 * Says in words what a TLS alert from the server means for the integrator. The JDK reports a refused
 * client certificate as {@code Received fatal alert: unknown_ca}: true, but it does not say that it is
 * the server refusing <em>our</em> certificate, nor which setting to look at. A received alert is always
 * the peer's verdict; our own verdict on the server's certificate reads differently ("PKIX path building
 * failed", "No subject alternative names ...") and needs no hint.
 */
public final class TlsAlerts {

    private static final String PREFIX = "received fatal alert: ";
    private static final int MAX_DEPTH = 32;

    private static final Map<String, String> HINTS = Map.of(
            "certificate_required", "the server requires a client certificate: configure tls.key.store",
            "unknown_ca", "the server does not trust the CA that issued our client certificate (tls.key.store)",
            "bad_certificate", "the server refused our client certificate (tls.key.store)",
            "certificate_unknown", "the server refused our client certificate (tls.key.store)",
            "unsupported_certificate", "the server refused the type of our client certificate (tls.key.store)",
            "certificate_expired", "the server says our client certificate (tls.key.store) has expired",
            "certificate_revoked", "the server says our client certificate (tls.key.store) was revoked",
            "access_denied", "the server accepted our client certificate but denies it access",
            "handshake_failure", "the server ended the TLS handshake: a client certificate missing or refused, "
                    + "or no protocol version or cipher in common");

    private TlsAlerts() {
    }

    /**
     * As {@link #explain(Throwable)}, knowing whether a client certificate is configured: then a server that
     * "requires a certificate" got none because ours is not from a CA it asked for (the JDK only offers a
     * certificate issued by one of the CAs the server names).
     */
    public static String explain(Throwable e, boolean clientCertificateConfigured) {
        String hint = explain(e);
        if (clientCertificateConfigured && hint != null && hint.equals(HINTS.get("certificate_required"))) {
            return "the server requires a client certificate from a CA it trusts; the one in tls.key.store is not "
                    + "(so none was offered)";
        }
        if (hint == null && clientCertificateConfigured && closedWithoutAlert(e)) {
            return CLOSED_AFTER_HANDSHAKE;
        }
        return hint;
    }

    /**
     * With TLS 1.3 the client's certificate is judged after the client thinks the handshake is done: a server
     * that refuses it sends its alert and closes, and when our first write (MQTT's CONNECT) meets the closed
     * socket first, the JDK reports a broken pipe or a reset instead of the alert (seen on a loaded machine).
     */
    static final String CLOSED_AFTER_HANDSHAKE = "the connection was closed right after the TLS handshake: probably "
            + "the server refused our client certificate (tls.key.store)";

    private static boolean closedWithoutAlert(Throwable e) {
        return firstMessage(e, java.net.SocketException.class,
                m -> m.contains("broken pipe") || m.contains("connection reset")) != null;
    }

    /**
     * The lower-case message of the first cause in {@code e}'s chain (itself included) that is a {@code type}
     * and whose message matches; null if there is none. Bounded: a cause chain may loop (an exception whose
     * cause's cause is itself).
     */
    private static String firstMessage(Throwable e, Class<? extends Throwable> type, Predicate<String> matches) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
            if (type.isInstance(t) && t.getMessage() != null) {
                String m = t.getMessage().toLowerCase(Locale.ROOT);
                if (matches.test(m)) {
                    return m;
                }
            }
        }
        return null;
    }

    /** A plain explanation of the first TLS alert from the server in {@code e}'s causes; null if there is none. */
    public static String explain(Throwable e) {
        String m = firstMessage(e, SSLException.class, message -> message.contains(PREFIX));
        if (m == null) {
            return null;
        }
        String alert = m.substring(m.indexOf(PREFIX) + PREFIX.length()).trim();
        int end = 0;
        while (end < alert.length() && (Character.isLetterOrDigit(alert.charAt(end)) || alert.charAt(end) == '_')) {
            end++;
        }
        return HINTS.get(alert.substring(0, end));
    }
}
