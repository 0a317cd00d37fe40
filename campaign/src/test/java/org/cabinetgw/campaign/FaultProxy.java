package org.cabinetgw.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the gateway and the broker that can become a blackhole without root: while
 * blackholed it keeps every connection open, reads what arrives and forwards nothing, in either direction,
 * and new connections are accepted and get no answer either (an MQTT CONNECT waits for its CONNACK until
 * the client's own timeout), which is what a route into nowhere looks like to the gateway's MQTT client.
 * Healing closes the connections that lived through the blackhole (their streams lost bytes, as a real
 * connection would have timed out) and relays again.
 */
final class FaultProxy implements AutoCloseable {

    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private final int port;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Socket> blackholed = ConcurrentHashMap.newKeySet();
    private volatile boolean blackhole;

    FaultProxy(int target) throws IOException {
        this.target = target;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        port = server.getLocalPort();
        listen();
    }

    int port() {
        return port;
    }

    private void listen() {
        ServerSocket s = server;
        Thread t = new Thread(() -> accept(s), "campaign-proxy");
        t.setDaemon(true);
        acceptor = t;
        t.start();
    }

    /**
     * The address refuses connections, as the broker's own would when the broker is dead: the relay stops
     * listening and drops what it relays. (Accepting a connection and closing it at once instead is what a load
     * balancer with its broker gone does; Paho 1.2.5 leaks a thread per such attempt, see README "Findings".)
     */
    void refuse() throws IOException {
        stopListening();
        sockets.forEach(this::close);
    }

    /**
     * Closes the listening socket and waits for the accepting thread to leave accept(): the JDK closes a socket
     * that a thread is blocked on by signalling that thread, and the kernel keeps the socket listening until the
     * thread has returned, so a connect made right after close() could still be accepted (seen once in CI).
     */
    private void stopListening() throws IOException {
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Listens again on the same port. */
    void listenAgain() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        listen();
    }

    void blackhole() {
        blackhole = true;
        blackholed.addAll(sockets);
    }

    void heal() {
        blackhole = false;
        for (Socket s : blackholed) {
            close(s);
        }
        blackholed.clear();
    }

    private void accept(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (blackhole) {
                    blackholed.add(client);
                    pump(client, null, null);
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket();
                    upstream.connect(new InetSocketAddress("127.0.0.1", target), 2000);
                } catch (IOException refused) {
                    close(client); // the broker is down: the gateway sees a refused connection, as without a proxy
                    continue;
                }
                sockets.add(upstream);
                pump(client, upstream, client);
                pump(upstream, client, client);
            } catch (IOException e) {
                // closed
            }
        }
    }

    /** Copies from {@code in} to {@code out} (null: discard) while not blackholed; a blackhole discards. */
    private void pump(Socket from, Socket to, Socket clientSide) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to == null ? null : to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0;) {
                    if (out != null && !blackhole && !blackholed.contains(clientSide)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // closed by either side
            } finally {
                close(from);
                // a broker that drops a blackholed connection must not be seen by the gateway: the client side hangs on
                if (to != null && !(to == clientSide && blackholed.contains(clientSide))) {
                    close(to);
                }
            }
        }, "campaign-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void close(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        stopListening();
        sockets.forEach(this::close);
    }
}
