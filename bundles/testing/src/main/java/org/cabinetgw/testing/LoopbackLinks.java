package org.cabinetgw.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Dictionary;
import java.util.Hashtable;

/**
 * Links of the real link manager on loopback (bundles/network with its simulated backend): each probes its own TCP
 * listener, which the test closes to fail the link. The one copy of network's {@code LinkManagerIT} and failover's
 * drill and hot-swap tests.
 */
public final class LoopbackLinks {

    private LoopbackLinks() {
    }

    /** A TCP listener on loopback that accepts and closes every connection (a TCP probe needs the connection only). */
    public static ServerSocket probeTarget(String name) throws IOException {
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

    /** The configuration of link {@code name} probing {@code target} (see {@link #link(String, int, boolean, int)}). */
    public static Dictionary<String, Object> link(String name, int priority, boolean metered, ServerSocket target) {
        return link(name, priority, metered, target.getLocalPort());
    }

    /**
     * The configuration (factory {@code org.cabinetgw.network.link}) of link {@code name} on {@code lo}, WIRED or
     * (metered) CELLULAR, probing {@code tcp://127.0.0.1:<probePort>} every 50 ms with a 200 ms timeout, 2 rounds to
     * come up or go down.
     */
    public static Dictionary<String, Object> link(String name, int priority, boolean metered, int probePort) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("name", name);
        p.put("interface.name", "lo");
        p.put("type", metered ? "CELLULAR" : "WIRED");
        p.put("priority", priority);
        p.put("metered", metered);
        p.put("source.address", "127.0.0.1");
        p.put("probe.targets", new String[] { "tcp://127.0.0.1:" + probePort });
        p.put("probe.interval.millis", 50);
        p.put("probe.metered.interval.millis", 50);
        p.put("probe.timeout.millis", 200);
        p.put("up.after.rounds", 2);
        p.put("down.after.rounds", 2);
        return p;
    }
}
