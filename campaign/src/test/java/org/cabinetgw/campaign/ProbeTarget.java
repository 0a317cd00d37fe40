package org.cabinetgw.campaign;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * What a link's probes reach (a TCP port on loopback that accepts and closes): while it listens the link is
 * healthy; {@link #refuse()} makes every probe fail, as a link whose far side is gone; {@link #listen()} again.
 */
final class ProbeTarget implements AutoCloseable {

    private final int port;
    private volatile ServerSocket server;

    ProbeTarget() throws IOException {
        port = World.freePort();
        listen();
    }

    int port() {
        return port;
    }

    void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server = s;
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket probe = s.accept()) {
                    // accepted: the probe has its answer
                } catch (IOException e) {
                    // closed
                }
            }
        }, "campaign-probe-target");
        t.setDaemon(true);
        t.start();
    }

    void refuse() throws IOException {
        server.close();
    }

    @Override
    public void close() throws IOException {
        refuse();
    }
}
