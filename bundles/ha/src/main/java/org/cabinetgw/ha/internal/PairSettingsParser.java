package org.cabinetgw.ha.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.cabinetgw.ha.internal.PairSettings.ActiveWhenIsolated;
import org.cabinetgw.ha.internal.PairSettings.StandbyWhenIsolated;
import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * Turns the configuration into {@link PairSettings}, or refuses it with a message naming the setting. A
 * configuration without pair id and paths is STANDALONE ({@link #standalone}).
 */
final class PairSettingsParser {

    private static final String ID = "[A-Za-z0-9._-]{1,64}";

    private final Predicate<InetAddress> isLocalAddress;

    PairSettingsParser(Predicate<InetAddress> isLocalAddress) {
        this.isLocalAddress = isLocalAddress;
    }

    /** Addresses assigned to an interface of this machine (loopback and any-local included). */
    static boolean assignedHere(InetAddress a) {
        try {
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** Neither a pair id nor a path: the node is alone, as without the bundle. */
    static boolean standalone(PairConfig c) {
        return blank(c.pair_id()) && (c.paths() == null || c.paths().length == 0
                || java.util.Arrays.stream(c.paths()).allMatch(PairSettingsParser::blank));
    }

    PairSettings parse(PairConfig c, String hostName) {
        String pairId = id("pair.id", c.pair_id());
        String nodeId = blank(c.node_id()) ? hostName : c.node_id().trim();
        if (nodeId == null || !nodeId.matches(ID)) {
            throw new IllegalArgumentException("node.id = '" + nodeId + "' must be 1..64 characters of A-Z a-z 0-9 . _ -"
                    + (blank(c.node_id()) ? " (it defaults to the host name, which is not)" : ""));
        }
        String key = c.pair_key() == null ? "" : c.pair_key();
        if (key.length() < 16) {
            throw new IllegalArgumentException("pair.key must be set, at least 16 characters, the same on both nodes"
                    + " (it is " + (key.isEmpty() ? "empty" : "too short") + ")");
        }
        int interval = range("heartbeat.interval.millis", c.heartbeat_interval_millis(),
                PairConfig.HEARTBEAT_INTERVAL_MILLIS_MIN, PairConfig.HEARTBEAT_INTERVAL_MILLIS_MAX);
        int timeout = range("heartbeat.timeout.millis", c.heartbeat_timeout_millis(), 3 * interval,
                PairConfig.HEARTBEAT_TIMEOUT_MILLIS_MAX);
        int startup = range("startup.wait.millis", c.startup_wait_millis(), timeout,
                PairConfig.STARTUP_WAIT_MILLIS_MAX);
        int keepalive = range("witness.mqtt.keep.alive.seconds", c.witness_mqtt_keep_alive_seconds(),
                PairConfig.WITNESS_MQTT_KEEP_ALIVE_SECONDS_MIN, PairConfig.WITNESS_MQTT_KEEP_ALIVE_SECONDS_MAX);
        int stepDown = range("step.down.millis", c.step_down_millis(), PairConfig.STEP_DOWN_MILLIS_MIN,
                Math.min(keepalive * 1500 - 250, PairConfig.STEP_DOWN_MILLIS_MAX));
        int renew = range("lease.renew.millis", c.lease_renew_millis(), PairConfig.LEASE_RENEW_MILLIS_MIN,
                PairConfig.LEASE_RENEW_MILLIS_MAX);
        int leaseTimeout = range("lease.timeout.millis", c.lease_timeout_millis(),
                Math.max(stepDown + 2 * renew + 250, PairConfig.LEASE_TIMEOUT_MILLIS_MIN),
                PairConfig.LEASE_TIMEOUT_MILLIS_MAX);
        int priority = range("priority", c.priority(), PairConfig.PRIORITY_MIN, PairConfig.PRIORITY_MAX);
        int hold = range("failback.hold.millis", c.failback_hold_millis(), PairConfig.FAILBACK_HOLD_MILLIS_MIN,
                PairConfig.FAILBACK_HOLD_MILLIS_MAX);
        return new PairSettings(nodeId, pairId, priority, paths(c.paths()), key.getBytes(StandardCharsets.UTF_8),
                interval, timeout, startup, c.failback(), hold,
                choice("standby.when.isolated", c.standby_when_isolated(), StandbyWhenIsolated.class),
                choice("active.when.isolated", c.active_when_isolated(), ActiveWhenIsolated.class), stepDown, renew,
                leaseTimeout);
    }

    List<PathSpec> paths(String[] entries) {
        List<PathSpec> paths = new ArrayList<>();
        Map<InetSocketAddress, String> seen = new HashMap<>();
        Map<String, Boolean> names = new HashMap<>();
        for (String raw : entries == null ? new String[0] : entries) {
            if (blank(raw)) {
                continue;
            }
            String[] parts = raw.trim().split(";", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("paths: '" + raw + "' is not 'name;local-address:port;peer-address:port'");
            }
            String name = parts[0].trim();
            if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("paths: the name '" + name + "' in '" + raw
                        + "' must be 1..32 characters of A-Z a-z 0-9 _ -");
            }
            if (names.put(name, true) != null) {
                throw new IllegalArgumentException("paths: the name '" + name + "' is used twice");
            }
            InetSocketAddress local = address("paths: '" + name + "' local", parts[1]);
            InetSocketAddress peer = address("paths: '" + name + "' peer", parts[2]);
            if (local.equals(peer)) {
                throw new IllegalArgumentException("paths: '" + name + "' names this node itself as its peer ("
                        + PathSpec.text(peer) + ")");
            }
            if (local.getAddress().isAnyLocalAddress()) {
                // bound to every interface, a path's heartbeats could arrive over the other path's cable
                throw new IllegalArgumentException("paths: '" + name + "' local address must be this node's address on "
                        + "that path, not " + PathSpec.text(local));
            }
            if (!isLocalAddress.test(local.getAddress())) {
                throw new IllegalArgumentException("paths: '" + name + "' local address " + PathSpec.text(local)
                        + " is not an address of this machine");
            }
            for (InetSocketAddress a : List.of(local, peer)) {
                String other = seen.put(a, name);
                if (other != null) {
                    throw new IllegalArgumentException("paths: the address " + PathSpec.text(a) + " appears twice (in '"
                            + other + "' and '" + name + "'); each path needs its own addresses");
                }
            }
            paths.add(new PathSpec(name, local, peer));
        }
        for (PathSpec p : paths) {
            // A peer address of this machine is this node itself; loopback is the one exception (both nodes of a
            // test on one host), as long as it is not where one of our paths listens.
            InetAddress peer = p.peer().getAddress();
            boolean ours = isLocalAddress.test(peer) && (!peer.isLoopbackAddress()
                    || paths.stream().anyMatch(q -> q.local().equals(p.peer())));
            if (ours) {
                throw new IllegalArgumentException("paths: '" + p.name() + "' names this node itself as its peer ("
                        + PathSpec.text(p.peer()) + " is an address of this machine)");
            }
        }
        if (paths.size() < 2) {
            throw new IllegalArgumentException("paths: a pair needs at least two independent heartbeat paths (the LAN "
                    + "and a dedicated cable); " + paths.size() + " configured");
        }
        return List.copyOf(paths);
    }

    private static InetSocketAddress address(String what, String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException(what + " '" + t + "' is not address:port");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        // literal addresses only: a heartbeat path must not depend on a name server
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException(what + " '" + t + "' must be a literal IP address, not a host name");
        }
        String port = t.substring(colon + 1);
        if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException(what + " '" + t + "': the port must be 1..65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(what + " '" + t + "' is not an IP address");
        }
    }

    private static String id(String setting, String value) {
        String v = value == null ? "" : value.trim();
        if (!v.matches(ID)) {
            throw new IllegalArgumentException(setting + " = '" + v + "' must be 1..64 characters of A-Z a-z 0-9 . _ -");
        }
        return v;
    }

    static int range(String setting, int value, int min, int max) {
        return SettingRanges.check(setting, value, min, max);
    }

    private static <E extends Enum<E>> E choice(String setting, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " = '" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The witness broker's URI: tcp:// or ssl://, host and port, nothing else. */
    static String witnessUri(String value) {
        String v = value.trim();
        if (!v.matches("(tcp|ssl)://[A-Za-z0-9.:\\[\\]_-]+:[0-9]{1,5}")) {
            throw new IllegalArgumentException("witness.mqtt.uri = '" + v + "' is not tcp://host:port or ssl://host:port");
        }
        return v;
    }

    /** The lease topic prefix: 1..100 characters, no wildcard, no empty level at either end. */
    static String topicPrefix(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty() || v.length() > 100 || v.contains("+") || v.contains("#") || v.startsWith("/")
                || v.endsWith("/") || v.contains("\u0000")) {
            throw new IllegalArgumentException("witness.mqtt.topic = '" + v + "' must be 1..100 characters without "
                    + "+, # or a / at either end");
        }
        return v;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
