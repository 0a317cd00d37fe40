package org.cabinetgw.failover.itest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Dictionary;
import java.util.Hashtable;

/** Links of the real link manager on loopback: each probes its own TCP listener, which the test can close. */
final class LoopbackLinks {

    private LoopbackLinks() {
    }

    /** A TCP listener that accepts and closes every connection (a TCP probe needs the connection only). */
    static ServerSocket probeTarget(String name) throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accept = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    // a TCP probe needs the connection only
                } catch (IOException e) {
                    return;
                }
            }
        }, "itest-probe-target-" + name);
        accept.setDaemon(true);
        accept.start();
        return s;
    }

    /** The configuration of link {@code name} probing {@code target} every 50 ms (2 rounds up or down). */
    static Dictionary<String, Object> link(String name, int priority, boolean metered, ServerSocket target) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("interface.name", "lo");
        p.put("type", metered ? "CELLULAR" : "WIRED");
        p.put("priority", priority);
        p.put("metered", metered);
        p.put("source.address", "127.0.0.1");
        p.put("probe.targets", new String[] { "tcp://127.0.0.1:" + target.getLocalPort() });
        p.put("probe.interval.millis", 50);
        p.put("probe.metered.interval.millis", 50);
        p.put("probe.timeout.millis", 200);
        p.put("up.after.rounds", 2);
        p.put("down.after.rounds", 2);
        return p;
    }
}
