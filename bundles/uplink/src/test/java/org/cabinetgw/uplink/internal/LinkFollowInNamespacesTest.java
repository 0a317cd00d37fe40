package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.netns.ChildJvm;
import org.cabinetgw.testing.netns.Netns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session follows the route, in real network namespaces: a gateway namespace with wired (w0, 10.1.0.2) and
 * cellular (c0, 10.2.0.2) links routed the way the network bundle's iproute2 backend does it (a table and an
 * {@code ip rule from <address>} per link, the main default route with the active link's source hint), a cloud
 * namespace with a real Mosquitto, and an independent mosquitto_sub there counting the session's birth
 * messages (each one acknowledged by the broker before the transport counts as connected). The socket's local
 * address is read with {@code ss} in the gateway namespace. The route moves are done here as the manager does
 * them; the manager's own switching is tested in the network bundle.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LinkFollowInNamespacesTest {

    private static final String BROKER = "10.9.0.1";
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsRoot() {
        Assumptions.assumeTrue(Netns.available(), "skipped: needs root and iproute2 for network namespaces");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }

    private Process start(Netns ns, Path log, String... command) throws IOException {
        List<String> cmd = new ArrayList<>(ns.execPrefix());
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        closeLast.add(() -> {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        });
        return p;
    }

    private int births(Path out) throws IOException {
        return (int) Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("cab/ns/status ") && l.contains("\"online\"")).count();
    }

    private long awaitBirths(Path out, int n, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            if (births(out) >= n) {
                return System.currentTimeMillis();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no birth message #" + n + " within " + timeoutMillis + " ms: "
                + Files.readString(out) + "; gateway log: " + Files.readString(dir.resolve("gw.log")));
    }

    /** The local address of the gateway's established MQTT connection, from ss. */
    private static String sessionSource(Netns gw) throws IOException {
        String out = Netns.run("ip", "netns", "exec", gw.name(), "ss", "-Htn", "state", "established", "dst", BROKER);
        String[] f = out.trim().split("\\s+");
        if (f.length < 3) {
            return "none: " + out;
        }
        // Java's dual-stack socket shows as [::ffff:10.1.0.2]:port
        return f[2].substring(0, f[2].lastIndexOf(':')).replace("[::ffff:", "").replace("]", "");
    }

    private static void route(Netns gw, String via, String dev, String src) throws IOException {
        gw.ip("route", "replace", "default", "via", via, "dev", dev, "src", src);
    }

    @Test
    void theSessionMovesToCellularAtOnceAndBackToWiredAfterTheFailback() throws Exception {
        Netns gw = Netns.create("gw");
        closeLast.add(gw);
        Netns cloud = Netns.create("cloud");
        closeLast.add(cloud);
        gw.veth("w0", cloud, "w1");
        gw.veth("c0", cloud, "c1");
        gw.ip("addr", "add", "10.1.0.2/24", "dev", "w0");
        gw.ip("addr", "add", "10.2.0.2/24", "dev", "c0");
        cloud.ip("addr", "add", "10.1.0.1/24", "dev", "w1");
        cloud.ip("addr", "add", "10.2.0.1/24", "dev", "c1");
        cloud.ip("addr", "add", BROKER + "/32", "dev", "lo");
        for (String l : new String[] {"w0", "c0"}) {
            gw.ip("link", "set", l, "up");
        }
        for (String l : new String[] {"w1", "c1"}) {
            cloud.ip("link", "set", l, "up");
        }
        // as the iproute2 backend installs it: per-link tables and source rules, main default on wired
        gw.ip("route", "replace", "default", "via", "10.1.0.1", "dev", "w0", "table", "101");
        gw.ip("rule", "add", "from", "10.1.0.2", "lookup", "101", "pref", "1101");
        gw.ip("route", "replace", "default", "via", "10.2.0.1", "dev", "c0", "table", "102");
        gw.ip("rule", "add", "from", "10.2.0.2", "lookup", "102", "pref", "1102");
        route(gw, "10.1.0.1", "w0", "10.1.0.2");

        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener 1883 0.0.0.0\nallow_anonymous true\npersistence false\n");
        start(cloud, dir.resolve("mosquitto.log"), "mosquitto", "-c", conf.toString());
        Thread.sleep(300);
        Path sub = dir.resolve("sub.txt");
        start(cloud, sub, "mosquitto_sub", "-h", "127.0.0.1", "-t", "cab/ns/#", "-q", "1", "-v");
        Thread.sleep(300);
        ChildJvm child = new ChildJvm(gw, FollowerInNamespace.class, dir.resolve("gw.log"), "tcp://" + BROKER + ":1883");
        closeLast.add(child);
        assertThat(child.nextLine(20_000)).isEqualTo("ready");
        awaitBirths(sub, 1, 20_000);
        assertThat(sessionSource(gw)).isEqualTo("10.1.0.2");

        // wired blackholed at the far side: the session's packets from 10.1.0.2 go nowhere
        cloud.ip("link", "set", "w1", "down");
        route(gw, "10.2.0.1", "c0", "10.2.0.2");
        long switched = System.currentTimeMillis();
        child.send("switch cellular");
        long failover = awaitBirths(sub, 2, 10_000) - switched;
        System.out.println("LinkFollowInNamespacesTest: route switched -> birth message acknowledged over cellular in "
                + failover + " ms");
        assertThat(failover).as("acknowledged over cellular within 2 s of the switch").isLessThan(2000);
        assertThat(sessionSource(gw)).isEqualTo("10.2.0.2");

        // wired back, fail-back: the session must leave the metered link
        cloud.ip("link", "set", "w1", "up");
        Thread.sleep(200);
        route(gw, "10.1.0.1", "w0", "10.1.0.2");
        switched = System.currentTimeMillis();
        child.send("switch wired");
        long failback = awaitBirths(sub, 3, 10_000) - switched;
        System.out.println("LinkFollowInNamespacesTest: fail-back -> birth message acknowledged over wired in "
                + failback + " ms");
        assertThat(failback).isLessThan(2000);
        assertThat(sessionSource(gw)).isEqualTo("10.1.0.2");
        child.send("state");
        String state = child.nextLine(5000);
        while (state != null && !state.startsWith("state ")) {
            state = child.nextLine(5000);
        }
        assertThat(state).isEqualTo("state connected to tcp://" + BROKER + ":1883 from 10.1.0.2");
    }
}
