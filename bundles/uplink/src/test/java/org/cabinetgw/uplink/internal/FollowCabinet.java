package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.testing.netns.ChildJvm;
import org.cabinetgw.testing.netns.Netns;
import org.cabinetgw.testing.netns.TwoLinkNamespaces;

/**
 * A gateway namespace with wired (w0, 10.1.0.2) and cellular (c0, 10.2.0.2) links routed the way the network
 * bundle's iproute2 backend does it (a table and an {@code ip rule from <address>} per link, the main default
 * route with the active link's source hint), a cloud namespace with a real Mosquitto at 10.9.0.1 and an
 * independent mosquitto_sub there, and the real MQTT transport with the follower in a child JVM in the gateway
 * namespace ({@link FollowerInNamespace}). Used by the namespace test and the benchmark.
 */
final class FollowCabinet implements AutoCloseable {

    static final String BROKER = TwoLinkNamespaces.CLOUD;
    final TwoLinkNamespaces net;
    final Netns gw;
    final Netns cloud;
    final ChildJvm child;
    private final Path dir;
    private final Path sub;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    FollowCabinet(Path dir) throws Exception {
        this.dir = dir;
        net = new TwoLinkNamespaces();
        closeLast.add(net);
        gw = net.gw;
        cloud = net.cloud;
        gw.ip("route", "replace", "default", "via", "10.1.0.1", "dev", "w0", "table", "101");
        gw.ip("rule", "add", "from", "10.1.0.2", "lookup", "101", "pref", "1101");
        gw.ip("route", "replace", "default", "via", "10.2.0.1", "dev", "c0", "table", "102");
        gw.ip("rule", "add", "from", "10.2.0.2", "lookup", "102", "pref", "1102");
        routeOverWired();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener 1883 0.0.0.0\nallow_anonymous true\npersistence false\n");
        net.startIn(cloud, dir.resolve("mosquitto.log"), "mosquitto", "-c", conf.toString());
        Thread.sleep(300);
        sub = dir.resolve("sub.txt");
        net.startIn(cloud, sub, "mosquitto_sub", "-h", "127.0.0.1", "-t", "cab/ns/#", "-q", "1", "-v");
        Thread.sleep(300);
        child = new ChildJvm(gw, FollowerInNamespace.class, dir.resolve("gw.log"), "tcp://" + BROKER + ":1883");
        closeLast.add(child);
        String ready = child.nextLine(20_000);
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("the gateway JVM did not start: " + Files.readString(dir.resolve("gw.log")));
        }
    }

    void routeOverWired() throws IOException {
        gw.ip("route", "replace", "default", "via", "10.1.0.1", "dev", "w0", "src", "10.1.0.2");
    }

    void routeOverCellular() throws IOException {
        gw.ip("route", "replace", "default", "via", "10.2.0.1", "dev", "c0", "src", "10.2.0.2");
    }

    /** The session's distinct birth messages the broker delivered to mosquitto_sub (each acknowledged to the gateway). */
    int births() throws IOException {
        // distinct: after a route change the same birth is said once more (see SessionAnnouncements.restateBirthsLater)
        return (int) Files.readAllLines(sub, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("cab/ns/status ") && l.contains("\"online\"")).distinct().count();
    }

    /** The state of the last status message mosquitto_sub got: online or offline. */
    String lastStatus() throws IOException {
        List<String> lines = Files.readAllLines(sub, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("cab/ns/status ")).toList();
        return lines.isEmpty() ? "none" : lines.get(lines.size() - 1).contains("\"online\"") ? "online" : "offline";
    }

    long awaitBirths(int n, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (births() >= n) {
                return System.currentTimeMillis();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no birth message #" + n + " within " + timeoutMillis + " ms: "
                + Files.readString(sub) + "; gateway log: " + Files.readString(dir.resolve("gw.log")));
    }

    /** The local address of the gateway's established MQTT connection, from ss in the gateway namespace. */
    String sessionSource() throws IOException {
        List<String> sources = net.gatewayConnectionsTo(BROKER, 1883);
        return sources.size() == 1 ? sources.get(0) : "not one session: " + sources;
    }

    @Override
    public void close() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }
}
