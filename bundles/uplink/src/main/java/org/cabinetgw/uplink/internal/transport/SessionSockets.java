package org.cabinetgw.uplink.internal.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Socket factories that remember the last socket they made, so the transport can say which local address
 * (and so which link) its session leaves from: the uplink's health names the link that carries it. Paho wants
 * a plain {@link SocketFactory} for {@code tcp://} and an {@link SSLSocketFactory} for {@code ssl://}, so there
 * is one of each; both only delegate.
 */
public final class SessionSockets {

    private volatile Socket last;

    /** The local address of the last socket made, while it is connected; null otherwise. */
    public InetAddress localAddress() {
        Socket s = last;
        return s != null && s.isConnected() && !s.isClosed() ? s.getLocalAddress() : null;
    }

    /**
     * Closes the last socket made (a connect the client abandons while its own thread may still be blocked on it,
     * e.g. in a TLS handshake no one answers). Idempotent; a socket already closed stays closed.
     */
    public void closeLast() {
        Socket s = last;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway: nothing else to release
            }
        }
    }

    private Socket remember(Socket socket) {
        last = socket;
        return socket;
    }

    /** Plain TCP sockets that read nothing before their first write: see {@link WriteFirstSocket} (a Paho leak). */
    public SocketFactory plain() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return remember(new WriteFirstSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(new WriteFirstSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return remember(new WriteFirstSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(new WriteFirstSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return remember(new WriteFirstSocket(host, port, local, localPort));
            }
        };
    }

    public SSLSocketFactory tls(SSLSocketFactory d) {
        return new SSLSocketFactory() {
            @Override
            public Socket createSocket() throws IOException {
                return remember(d.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return remember(d.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return remember(d.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return remember(d.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return remember(d.createSocket(s, host, port, autoClose));
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return d.getDefaultCipherSuites();
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return d.getSupportedCipherSuites();
            }
        };
    }
}
