package org.cabinetgw.uplink.internal.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.cabinetgw.uplink.internal.transport.TlsAlerts;

/**
 * Finds out why an HTTPS server dropped us without an answer. With TLS 1.3 a server refuses a client
 * certificate (or its absence) only after the client has finished its side of the handshake; the JDK's
 * HttpClient then reports "header parser received no bytes" and drops the server's alert. A plain TLS
 * socket with the same SSLContext sees the alert on its first read. Used only after such a failure, so
 * a healthy endpoint never sees the probe; it sends no request, and reads for at most the timeout. Some
 * servers send no alert at all and just close the connection: that is reported too, as what it likely means.
 */
final class TlsProbe {

    static final String CLOSED_AFTER_HANDSHAKE = "the server closed the connection right after the TLS handshake, "
            + "as a server requiring client certificates does when it gets none or refuses ours: check tls.key.store";

    private TlsProbe() {
    }

    /** The server's TLS verdict in words ({@link TlsAlerts}), or null when there is none to report. */
    static String diagnose(SSLContext context, URI endpoint, int timeoutMillis, boolean clientCertificateConfigured) {
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 443;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            SSLParameters p = socket.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(p);
            socket.startHandshake();
            // the alert of a TLS 1.3 server arrives after our Finished: a read picks it up
            if (socket.getInputStream().read() < 0) {
                // closed at once, before we asked anything: some servers (the JDK's own) refuse a client
                // certificate this way, without an alert
                return CLOSED_AFTER_HANDSHAKE;
            }
            return null;
        } catch (SocketTimeoutException e) {
            return null; // the server waits for a request: it has nothing against our certificate
        } catch (IOException | RuntimeException e) {
            return TlsAlerts.explain(e, clientCertificateConfigured);
        }
    }
}
