package org.cabinetgw.network.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.cabinetgw.testing.netns.ChildJvm;
import org.cabinetgw.testing.netns.Netns;
import org.cabinetgw.testing.netns.TwoLinkNamespaces;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A cabinet in two network namespaces: the gateway ({@code w0} 10.1.0.2/24 wired, {@code c0} 10.2.0.2/24
 * cellular) and the cloud ({@code w1} 10.1.0.1, {@code c1} 10.2.0.1, and the service address 10.9.0.1 on its
 * loopback with a TCP echo server on 7 and HTTP on 80). The gateway's only way to 10.9.0.1 is a default route
 * through one of the links, which is what the link manager, running in a child JVM in the gateway namespace,
 * maintains. Faults are injected on the cloud side, as in the field: carrier loss, a blackhole route.
 */
final class TwoLinkCabinet implements AutoCloseable {

    static final String CLOUD = TwoLinkNamespaces.CLOUD;

    /** One event line of the gateway. */
    record Event(long t, String topic, JsonObject p) {
        String str(String key) {
            return p.has(key) ? p.get(key).getAsString() : null;
        }

        long num(String key) {
            return p.get(key).getAsLong();
        }
    }

    private final TwoLinkNamespaces net;
    final Netns gw;
    final Netns cloud;
    private final List<ChildJvm> children = new ArrayList<>();
    private ChildJvm gateway;
    final List<Event> events = new CopyOnWriteArrayList<>();
    private int consumed;
    final Path log;

    TwoLinkCabinet() throws IOException {
        net = new TwoLinkNamespaces();
        gw = net.gw;
        cloud = net.cloud;
        log = Files.createTempFile("cabinetgw-netns-", ".log");
    }

    void startCloud() throws IOException, InterruptedException {
        ChildJvm server = new ChildJvm(cloud, org.cabinetgw.network.internal.netns.CloudServer.class, log, CLOUD);
        children.add(server);
        String line = server.nextLine(20_000);
        if (!"READY".equals(line)) {
            throw new IOException("cloud server did not start: " + line + "; see " + log);
        }
    }

    /** Starts the gateway with this configuration (see {@link GatewayInNamespace}); waits for it to be ready. */
    void startGateway(Map<String, Object> config) throws IOException, InterruptedException {
        gateway = new ChildJvm(gw, GatewayInNamespace.class, log, new Gson().toJson(config));
        children.add(gateway);
        await(e -> e.topic().equals("ready"), 20_000);
        consumed = 0; // the gateway may report before it prints "ready": later awaits look from the start
    }

    void send(String command) {
        gateway.send(command);
    }

    /** Waits for the next event (after those already awaited) matching; fails with the log when none comes. */
    Event await(Predicate<Event> match, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            pump(0);
            for (int i = consumed; i < events.size(); i++) {
                if (match.test(events.get(i))) {
                    consumed = i + 1;
                    return events.get(i);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeoutMillis + " ms; events: " + events
                        + "; gateway log: " + log);
            }
            pump(Math.min(left, 100));
        }
    }

    /** Waits until any event so far (awaited or not) matches; does not move the await position. */
    void awaitEver(Predicate<Event> match, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (events.stream().noneMatch(match)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no matching event within " + timeoutMillis + " ms; events: " + events
                        + "; gateway log: " + log);
            }
            pump(100);
        }
    }

    /** Reads whatever the gateway printed, waiting up to {@code millis} for the first line. */
    void pump(long millis) throws InterruptedException {
        if (gateway == null) {
            return;
        }
        String line = gateway.nextLine(millis);
        while (line != null) {
            if (line.startsWith("{")) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                events.add(new Event(o.get("t").getAsLong(), o.get("topic").getAsString(), o.getAsJsonObject("p")));
            }
            line = gateway.nextLine(0);
        }
    }

    /**
     * Waits until the application client's latest report is {@code ok}: it may have changed before the event
     * the test awaited last (the client only reports changes), so this looks at the latest, not the next.
     */
    void awaitClient(boolean ok, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            pump(0);
            Boolean last = events.stream().filter(e -> e.topic().equals("client"))
                    .reduce((a, b) -> b).map(e -> e.p().get("ok").getAsBoolean()).orElse(null);
            if (last != null && last == ok) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the client did not report ok=" + ok + " within " + timeoutMillis
                        + " ms; events: " + events + "; log: " + log);
            }
            pump(100);
        }
    }

    /** The gateway's default route as {@code ip route show default} prints it. */
    String defaultRoute() throws IOException {
        return gw.ip("route", "show", "default").trim();
    }

    /** Probe settings shared by both links of a test configuration. */
    record Probing(int intervalMs, int timeoutMs, int downAfter, int upAfter, int flapHoldInitialMs) {
        /** The component's defaults (see LinkConfig). */
        static final Probing DEFAULTS = new Probing(200, 300, 2, 5, 10_000);
        /** The most aggressive settings the configuration accepts that still make sense on a LAN. */
        static final Probing AGGRESSIVE = new Probing(20, 50, 1, 2, 10_000);
    }

    static Map<String, Object> config(long failbackHoldMs, Probing p, boolean client) {
        return config(failbackHoldMs, p, client, List.of("tcp://" + CLOUD + ":7", "http://" + CLOUD + "/generate_204"));
    }

    static Map<String, Object> config(long failbackHoldMs, Probing p, boolean client, List<String> targets) {
        Map<String, Object> wired = link("wired", "w0", "WIRED", 1, false, "10.1.0.1", p, targets);
        Map<String, Object> cellular = link("cellular", "c0", "CELLULAR", 2, true, "10.2.0.1", p, targets);
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("failbackHoldMs", failbackHoldMs);
        config.put("links", List.of(wired, cellular));
        if (client) {
            config.put("client", CLOUD + ":7");
        }
        return config;
    }

    private static Map<String, Object> link(String name, String dev, String type, int priority, boolean metered,
            String gateway, Probing p, List<String> targets) {
        Map<String, Object> l = new java.util.LinkedHashMap<>();
        l.put("name", name);
        l.put("interface", dev);
        l.put("type", type);
        l.put("priority", priority);
        l.put("metered", metered);
        l.put("gateway", gateway);
        l.put("targets", targets);
        l.put("intervalMs", p.intervalMs());
        l.put("timeoutMs", p.timeoutMs());
        l.put("downAfter", p.downAfter());
        l.put("upAfter", p.upAfter());
        l.put("flapHoldInitialMs", p.flapHoldInitialMs());
        return l;
    }

    static Predicate<Event> switchedTo(String link) {
        return e -> e.topic().equals("org/cabinetgw/network/SWITCHED") && link.equals(e.str("link"));
    }

    static Predicate<Event> client(boolean ok) {
        return e -> e.topic().equals("client") && e.p().get("ok").getAsBoolean() == ok;
    }

    static Predicate<Event> link(String name, String state) {
        return e -> e.topic().equals("org/cabinetgw/network/LINK_CHANGED") && name.equals(e.str("link"))
                && state.equals(e.str("state"));
    }

    @Override
    public void close() {
        for (ChildJvm c : children) {
            c.close();
        }
        net.close();
    }
}
