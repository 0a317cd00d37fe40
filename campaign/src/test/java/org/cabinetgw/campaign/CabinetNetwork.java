package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.testing.netns.Netns;
import org.cabinetgw.testing.netns.TwoLinkNamespaces;

/**
 * The gateway's network as a cabinet has it, in two network namespaces ({@link TwoLinkNamespaces}, shared with
 * the other namespace tests; this class adds the cloud's services): the gateway's ({@code w0} 10.1.0.2/24
 * wired, {@code c0} 10.2.0.2/24 cellular, veth pairs) and the cloud's ({@code w1} 10.1.0.1, {@code c1} 10.2.0.1,
 * and on its loopback the cloud's addresses: {@link #SERVICES} for the links' probe target, {@link #BROKER} for
 * Mosquitto, {@link #HTTP} for the HTTP endpoint). The gateway reaches the cloud only through the default route the link manager
 * (iproute2 backend) installs on one of the links, so a link fault is a real one: carrier lost, a blackhole
 * route, a flapping interface. The cloud's services themselves stay in the campaign's namespace (Mosquitto,
 * the HTTP endpoint, the meters) and are reached through {@link Bridge}s. Namespace names are unique per run
 * ({@code cgwt-<pid>-<n>-<role>}, {@link Netns}) and removed by {@link #close()}, by a shutdown hook, or by the
 * next run when the JVM that made them died.
 */
final class CabinetNetwork implements AutoCloseable {

    static final String SERVICES = TwoLinkNamespaces.CLOUD;
    static final String BROKER = "10.9.0.2";
    static final String HTTP = "10.9.0.3";
    static final String WIRED = TwoLinkNamespaces.WIRED_ADDRESS;
    static final String CELLULAR = TwoLinkNamespaces.CELLULAR_ADDRESS;
    static final int BROKER_PORT = 1883;
    static final int HTTP_PORT = 8080;
    static final int PROBE_PORT = 7;
    /** The cloud's routing table for what it sends from an address that is "away": a blackhole. */
    private static final String AWAY_TABLE = "99";

    private final TwoLinkNamespaces links;
    final Netns gw;
    final Netns cloud;
    private final Path dir;
    private final List<Bridge> bridges = new ArrayList<>();
    private Bridge broker;
    private final List<Bridge> meters = new ArrayList<>();
    private Process probeTarget;

    /** True when namespaces can be made here (root, iproute2) and socat is installed. */
    static boolean available() {
        return Netns.available() && Files.isExecutable(Path.of("/usr/bin/socat"));
    }

    CabinetNetwork(Path dir) throws IOException {
        this.dir = dir;
        // the links as every namespace test has them (bundles/testing); the campaign adds the cloud's services
        links = new TwoLinkNamespaces();
        gw = links.gw;
        cloud = links.cloud;
        try {
            cloud.ip("addr", "add", BROKER + "/32", "dev", "lo");
            cloud.ip("addr", "add", HTTP + "/32", "dev", "lo");
        } catch (IOException | RuntimeException e) {
            links.close();
            throw e;
        }
    }

    /**
     * Makes the cloud's services reachable: the broker relay at {@link #BROKER}, the HTTP endpoint at
     * {@link #HTTP}, a probe target (accepts and closes) at {@link #SERVICES}:7; the gateway's /health on the
     * campaign's loopback at the same port; each meter on the gateway's loopback at 5020 + i.
     */
    void connect(int brokerRelayPort, int httpPort, int healthPort, List<Integer> meterPorts) throws IOException {
        List<String> here = List.of();
        broker = bridge("broker", cloud.execPrefix(), BROKER, BROKER_PORT, here, "127.0.0.1", brokerRelayPort);
        bridge("http", cloud.execPrefix(), HTTP, HTTP_PORT, here, "127.0.0.1", httpPort);
        bridge("health", here, "127.0.0.1", healthPort, gw.execPrefix(), "127.0.0.1", healthPort);
        for (int i = 0; i < meterPorts.size(); i++) {
            meters.add(bridge("meter" + i, gw.execPrefix(), "127.0.0.1", meterPort(i), here, "127.0.0.1", meterPorts.get(i)));
        }
        List<String> probe = new ArrayList<>(cloud.execPrefix());
        probe.addAll(List.of("socat", "TCP-LISTEN:" + PROBE_PORT + ",bind=" + SERVICES + ",reuseaddr,fork", "SYSTEM:true"));
        probeTarget = new ProcessBuilder(probe).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("probe.log").toFile())).start();
    }

    static int meterPort(int i) {
        return 5020 + i;
    }

    private Bridge bridge(String name, List<String> listenNs, String address, int port, List<String> connectNs,
            String connectAddress, int connectPort) throws IOException {
        Bridge b = new Bridge(dir, name, listenNs, address, port, connectNs, connectAddress, connectPort);
        bridges.add(b);
        return b;
    }

    /** The broker's address refuses connections, as a dead broker's host does. */
    void brokerRefuses() {
        broker.stop();
    }

    void brokerListens() throws IOException {
        broker.start();
    }

    /**
     * Meter {@code i}'s address refuses connections, as a dead meter's does. Without this the bridge in front of a
     * dead server accepts each connection and closes it at once: every poll a "reconnect", so the line turned
     * "unsteady" within 3 s, which neither a dead meter nor a rebooting one does (its address refuses or does
     * not answer), and the campaign then read that as "no change" (README, "Findings").
     */
    void meterRefuses(int i) {
        meters.get(i).stop();
    }

    void meterListens(int i) throws IOException {
        meters.get(i).start();
    }

    /**
     * Everything the cloud sends from the broker's address (and with {@code http} from the HTTP endpoint's) is
     * dropped, by a policy route into a blackhole: the gateway's connections stay open and hear nothing; the
     * links and their probes are untouched.
     */
    void cloudBlackholed(boolean on, boolean http) throws IOException {
        List<String> from = http ? List.of(BROKER, HTTP) : List.of(BROKER);
        for (int i = 0; i < from.size(); i++) {
            String pref = Integer.toString(100 + i);
            if (on) {
                cloud.ip("route", "replace", "blackhole", "default", "table", AWAY_TABLE);
                cloud.ip("rule", "add", "from", from.get(i), "lookup", AWAY_TABLE, "pref", pref);
            } else {
                cloud.ip("rule", "del", "from", from.get(i), "lookup", AWAY_TABLE, "pref", pref);
            }
        }
    }

    /** The interface the gateway's default route (main table, installed by its link manager) uses, "" without one. */
    String defaultRouteDevice() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bdev (\\S+)").matcher(gw.ip("route", "show", "default"));
        return m.find() ? m.group(1) : "";
    }

    /** The far end of a link ({@code w1}, {@code c1}) down or up: the gateway's side loses its carrier. */
    void carrier(String link, boolean up) throws IOException {
        cloud.ip("link", "set", link.equals("wired") ? "w1" : "c1", up ? "up" : "down");
    }

    /** The cloud sends nothing back to the link's address any more (carrier and address stay): a blackholed link. */
    void blackholed(String link, boolean on) throws IOException {
        cloud.ip("route", on ? "add" : "del", "blackhole", (link.equals("wired") ? WIRED : CELLULAR) + "/32");
    }

    @Override
    public void close() {
        for (Bridge b : bridges) {
            try {
                b.close();
            } catch (IOException e) {
                // gone
            }
        }
        if (probeTarget != null) {
            probeTarget.descendants().forEach(ProcessHandle::destroyForcibly);
            probeTarget.destroyForcibly();
        }
        links.close();
    }
}
