package org.cabinetgw.uplink.internal.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Tells whether a peer that could not be reached listens again: one TCP connection, opened and closed, no
 * bytes of the protocol (no TLS handshake, no MQTT CONNECT, no HTTP request). It lets a transport keep its
 * back-off for a peer that is down (one retry per back-off step) and still notice within seconds that it
 * came back: a back-off capped at a minute otherwise left the broker unused for up to a minute after it
 * returned.
 *
 * <p>Only for a peer that did not accept a connection: one that accepts and then refuses (authentication,
 * TLS, HTTP 5xx) would pass every probe, so there the back-off alone decides.
 *
 * <p>Cost: a probe is a SYN and its answer (about 120 bytes with a refusing or an accepting peer, 60 for a
 * silent one). Every {@value #FAST_MILLIS} ms during the first minute of an outage (most outages are a
 * restart), then every {@value #SLOW_MILLIS} ms: under 100 KB an hour of a long outage.
 */
public final class TcpProbe {

    /** Probe interval during the first {@value #FAST_PHASE_MILLIS} ms of an outage. */
    public static final long FAST_MILLIS = 1000;
    /** Probe interval after that. */
    public static final long SLOW_MILLIS = 5000;
    static final long FAST_PHASE_MILLIS = 60_000;
    /** How long one probe waits for the peer's answer. */
    public static final int TIMEOUT_MILLIS = 1000;

    private TcpProbe() {
    }

    /** The interval between probes when the outage has lasted {@code outageMillis}. */
    public static long intervalMillis(long outageMillis) {
        return outageMillis < FAST_PHASE_MILLIS ? FAST_MILLIS : SLOW_MILLIS;
    }

    /** True when something accepts a TCP connection at host:port within {@code timeoutMillis}. */
    public static boolean reachable(String host, int port, int timeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The port of {@code uri}, or the scheme's default (MQTT 1883/8883, HTTP 80/443). */
    public static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT)) {
            case "ssl", "mqtts" -> 8883;
            case "https" -> 443;
            case "http" -> 80;
            default -> 1883;
        };
    }

    /**
     * True when {@code failure} (or its cause) says the peer could not be reached at all: nothing listened, no
     * route, no answer to the connection attempt, an unknown host. Only then is probing worth it.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof java.net.http.HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
