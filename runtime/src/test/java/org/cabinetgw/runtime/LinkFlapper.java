package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;

/**
 * Link switches for the real jar's link manager (backend {@code simulated}, links on loopback): each link probes
 * its own TCP listener here; the wired one's listener is closed and opened again on the same port, over and over,
 * so the manager declares wired down, switches to cellular, and fails back. What the manager makes of it is read
 * from its log and from the broker, never assumed from the timing here.
 */
final class LinkFlapper implements AutoCloseable {

    /** Wired's probe target closed this long: well past the manager's 2 rounds of 50 ms, on a loaded machine too. */
    static final long DOWN_MILLIS = 1500;
    /** Open this long: the fail-back hold (1 s) and 2 good rounds, with room for a loaded machine. */
    static final long UP_MILLIS = 3500;

    private final Listener wired;
    private final Listener cellular;
    private volatile boolean flapping;
    private Thread thread;

    LinkFlapper() throws IOException {
        wired = new Listener(0);
        cellular = new Listener(0);
    }

    /** The two links' configurations for a site file (factory PID {@code org.cabinetgw.network.link}). */
    String siteEntries() {
        return link("wired", 1, false, wired.port) + ",\n" + link("cellular", 2, true, cellular.port);
    }

    private static String link(String name, int priority, boolean metered, int port) {
        return """
                "org.cabinetgw.network.link~%s": {"name": "%s", "interface.name": "lo", "type": "%s", "priority": %d,
                    "metered": %b, "source.address": "127.0.0.1", "probe.targets": ["tcp://127.0.0.1:%d"],
                    "probe.interval.millis": 50, "probe.metered.interval.millis": 50, "probe.timeout.millis": 200,
                    "up.after.rounds": 2, "down.after.rounds": 2, "flap.hold.initial.seconds": 0,
                    "flap.hold.max.seconds": 0}""".formatted(name, name, metered ? "CELLULAR" : "WIRED", priority,
                metered, port);
    }

    /** Starts taking wired down and up again until {@link #stop()}. */
    synchronized void start() {
        flapping = true;
        thread = new Thread(() -> {
            try {
                while (flapping) {
                    wired.close();
                    Thread.sleep(DOWN_MILLIS);
                    wired.open();
                    Thread.sleep(UP_MILLIS);
                }
            } catch (InterruptedException | IOException e) {
                // stopped, or the port taken meanwhile: stop() opens it again
            }
        }, "e2e-link-flapper");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops flapping and leaves wired's probe target open (the manager fails back to it). */
    synchronized void stop() throws Exception {
        flapping = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
        }
        wired.open();
    }

    @Override
    public void close() {
        flapping = false;
        for (Listener l : List.of(wired, cellular)) {
            l.close();
        }
    }

    /** A TCP listener that accepts and closes every connection (a TCP probe needs the connection only). */
    private static final class Listener {
        private int port;
        private volatile ServerSocket socket;

        Listener(int port) throws IOException {
            this.port = port;
            open();
        }

        synchronized void open() throws IOException {
            if (socket != null && !socket.isClosed()) {
                return;
            }
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true); // the same port again, past the probes' connections in TIME_WAIT
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = s.getLocalPort();
            socket = s;
            Thread accept = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        // the connection is the answer
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "e2e-probe-target-" + port);
            accept.setDaemon(true);
            accept.start();
        }

        synchronized void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException e) {
                // closing: nothing to do
            }
        }
    }
}
