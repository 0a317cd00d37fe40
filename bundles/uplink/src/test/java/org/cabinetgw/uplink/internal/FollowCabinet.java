package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.netns.ChildJvm;
import org.cabinetgw.testing.netns.Netns;

/**
 * A gateway namespace with wired (w0, 10.1.0.2) and cellular (c0, 10.2.0.2) links routed the way the network
 * bundle's iproute2 backend does it (a table and an {@code ip rule from <address>} per link, the main default
 * route with the active link's source hint), a cloud namespace with a real Mosquitto at 10.9.0.1 and an
 * independent mosquitto_sub there, and the real MQTT transport with the follower in a child JVM in the gateway
 * namespace ({@link FollowerInNamespace}). Used by the namespace test and the benchmark.
 */
final class FollowCabinet implements AutoCloseable {

    static final String BROKER = "10.9.0.1";
    final Netns gw;
    final Netns cloud;
    final ChildJvm child;
    private final Path dir;
    private final Path sub;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    FollowCabinet(Path dir) throws Exception {
        this.dir = dir;
        gw = Netns.create("gw");
        closeLast.add(gw);
        cloud = Netns.create("cloud");
        closeLast.add(cloud);
        gw.veth("w0", cloud, "w1");
        gw.veth("c0", cloud, "c1");
        gw.ip("addr", "add", "10.1.0.2/24", "dev", "w0");
        gw.ip("addr", "add", "10.2.0.2/24", "dev", "c0");
        cloud.ip("addr", "add", "10.1.0.1/24", "dev", "w1");
        cloud.ip("addr", "add", "10.2.0.1/24", "dev", "c1");
        cloud.ip("addr", "add", BROKER + "/32", "dev", "lo");
        gw.ip("link", "set", "w0", "up");
        gw.ip("link", "set", "c0", "up");
        cloud.ip("link", "set", "w1", "up");
        cloud.ip("link", "set", "c1", "up");
        gw.ip("route", "replace", "default", "via", "10.1.0.1", "dev", "w0", "table", "101");
        gw.ip("rule", "add", "from", "10.1.0.2", "lookup", "101", "pref", "1101");
        gw.ip("route", "replace", "default", "via", "10.2.0.1", "dev", "c0", "table", "102");
        gw.ip("rule", "add", "from", "10.2.0.2", "lookup", "102", "pref", "1102");
        routeOverWired();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener 1883 0.0.0.0\nallow_anonymous true\npersistence false\n");
        start(cloud, dir.resolve("mosquitto.log"), "mosquitto", "-c", conf.toString());
        Thread.sleep(300);
        sub = dir.resolve("sub.txt");
        start(cloud, sub, "mosquitto_sub", "-h", "127.0.0.1", "-t", "cab/ns/#", "-q", "1", "-v");
        Thread.sleep(300);
        child = new ChildJvm(gw, FollowerInNamespace.class, dir.resolve("gw.log"), "tcp://" + BROKER + ":1883");
        closeLast.add(child);
        String ready = child.nextLine(20_000);
        if (!"ready".equals(ready)) {
            throw new IllegalStateException("the gateway JVM did not start: " + Files.readString(dir.resolve("gw.log")));
        }
    }

    private void start(Netns ns, Path log, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(ns.execPrefix());
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        closeLast.add(() -> {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        });
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
        String out = Netns.run("ip", "netns", "exec", gw.name(), "ss", "-Htn", "state", "established", "dst", BROKER);
        String[] f = out.trim().split("\\s+");
        if (f.length < 3) {
            return "none: " + out;
        }
        // Java's dual-stack socket shows as [::ffff:10.1.0.2]:port
        return f[2].substring(0, f[2].lastIndexOf(':')).replace("[::ffff:", "").replace("]", "");
    }

    @Override
    public void close() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }
}
