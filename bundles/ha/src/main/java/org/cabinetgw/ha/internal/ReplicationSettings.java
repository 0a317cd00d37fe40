package org.cabinetgw.ha.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * How the active's uplink queue reaches the standby (see {@link PairConfig}): the TCP port each node listens on at
 * its address on every heartbeat path, whether {@code publish} waits for the standby, and for how long at most.
 *
 * @param port      0 = no replication
 * @param timeoutMs the longest a publisher waits for the standby's answer; then the standby counts as not in sync
 */
record ReplicationSettings(int port, boolean synchronous, long timeoutMs) {

    static final ReplicationSettings OFF = new ReplicationSettings(0, false, 0);

    boolean enabled() {
        return port > 0;
    }

    /** This node's listening addresses: each path's local address at the replication port, each once. */
    List<InetSocketAddress> local(List<PathSpec> paths) {
        List<InetSocketAddress> out = new ArrayList<>();
        paths.forEach(p -> add(out, new InetSocketAddress(p.local().getAddress(), port)));
        return out;
    }

    /**
     * The peer's addresses in the order tried (the paths as configured), each once, without this node's own (two
     * nodes on one host, as in the in-framework tests, share an address: connecting to oneself replicates nothing).
     */
    List<InetSocketAddress> peer(List<PathSpec> paths) {
        List<InetSocketAddress> mine = local(paths);
        List<InetSocketAddress> out = new ArrayList<>();
        paths.forEach(p -> {
            InetSocketAddress a = new InetSocketAddress(p.peer().getAddress(), port);
            if (!mine.contains(a)) {
                add(out, a);
            }
        });
        return out;
    }

    private static void add(List<InetSocketAddress> list, InetSocketAddress a) {
        if (!list.contains(a)) {
            list.add(a);
        }
    }

    /** @throws IllegalArgumentException naming the setting */
    static ReplicationSettings parse(int port, String mode, long timeoutMs, List<PathSpec> paths) {
        SettingRanges.check("replication.port", port, PairConfig.REPLICATION_PORT_MIN,
                PairConfig.REPLICATION_PORT_MAX);
        for (PathSpec p : paths) {
            if (port != 0 && (p.local().getPort() == port || p.peer().getPort() == port)) {
                throw new IllegalArgumentException("replication.port = " + port + " is the heartbeat port of path "
                        + p.name() + " (UDP and TCP may share a number, but one port per job keeps firewalls readable)");
            }
        }
        String m = mode == null ? "SYNC" : mode.trim().toUpperCase(java.util.Locale.ROOT);
        if (!m.equals("SYNC") && !m.equals("ASYNC")) {
            throw new IllegalArgumentException("replication.mode = '" + mode + "' is neither SYNC nor ASYNC");
        }
        SettingRanges.check("replication.timeout.millis", timeoutMs, PairConfig.REPLICATION_TIMEOUT_MILLIS_MIN,
                PairConfig.REPLICATION_TIMEOUT_MILLIS_MAX);
        return port == 0 ? OFF : new ReplicationSettings(port, m.equals("SYNC"), timeoutMs);
    }
}
