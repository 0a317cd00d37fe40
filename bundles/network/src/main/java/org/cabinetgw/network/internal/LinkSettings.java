package org.cabinetgw.network.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.network.LinkType;

/**
 * One link's validated configuration. The constructor refuses anything out of range with a message naming
 * the attribute, its value and what is allowed; {@link LinkConfig} is turned into this in {@code @Activate}.
 *
 * @param table  the link's own routing table, 1..252 ({@code 0} in the configuration means 100 + priority)
 */
record LinkSettings(String name, String interfaceName, LinkType type, int priority, boolean metered,
        InetAddress gateway, InetAddress sourceAddress, int table, List<ProbeTarget> targets, int intervalMillis,
        int meteredIntervalMillis, int timeoutMillis, int expectedHttpStatus, HealthPolicy policy) {

    static final int MAX_TARGETS = 8;

    LinkSettings {
        Check.token("name", name, 32);
        Check.token("interface.name", interfaceName, 15);
        if (interfaceName.startsWith("-") || interfaceName.equals(".") || interfaceName.equals("..")) {
            throw new IllegalArgumentException("interface.name = '" + interfaceName + "' is not an interface name");
        }
        Check.notNull("type", type);
        Check.range("priority", priority, LinkConfig.PRIORITY_MIN, LinkConfig.PRIORITY_MAX);
        Check.range("routing.table", table, 1, 252);
        Check.notNull("probe.targets", targets);
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("probe.targets has " + targets.size() + " entries; allowed 1.." + MAX_TARGETS);
        }
        targets = List.copyOf(targets);
        Check.range("probe.interval.millis", intervalMillis,
                LinkConfig.PROBE_INTERVAL_MILLIS_MIN, LinkConfig.PROBE_INTERVAL_MILLIS_MAX);
        Check.range("probe.metered.interval.millis", meteredIntervalMillis, intervalMillis, 3_600_000);
        Check.range("probe.timeout.millis", timeoutMillis,
                LinkConfig.PROBE_TIMEOUT_MILLIS_MIN, LinkConfig.PROBE_TIMEOUT_MILLIS_MAX);
        Check.range("probe.http.status", expectedHttpStatus,
                LinkConfig.PROBE_HTTP_STATUS_MIN, LinkConfig.PROBE_HTTP_STATUS_MAX);
        Check.notNull("policy", policy);
    }

    /** Builds settings from raw configuration values: parses addresses and targets, resolves the table default. */
    static LinkSettings of(String name, String interfaceName, LinkType type, int priority, boolean metered,
            String gateway, String sourceAddress, int table, String[] targets, int intervalMillis,
            int meteredIntervalMillis, int timeoutMillis, int expectedHttpStatus, HealthPolicy policy) {
        InetAddress gw = gateway == null || gateway.isBlank() ? null : IpLiteral.parse("gateway", gateway.trim());
        InetAddress src = sourceAddress == null || sourceAddress.isBlank() ? null
                : IpLiteral.parse("source.address", sourceAddress.trim());
        List<ProbeTarget> parsed = new ArrayList<>();
        if (targets != null) {
            for (String t : targets) {
                if (t != null && !t.isBlank()) {
                    parsed.add(ProbeTarget.parse("probe.targets", t));
                }
            }
        }
        Check.range("priority", priority, LinkConfig.PRIORITY_MIN, LinkConfig.PRIORITY_MAX);
        Check.range("routing.table", table, LinkConfig.ROUTING_TABLE_MIN, LinkConfig.ROUTING_TABLE_MAX);
        int resolvedTable = table == 0 ? 100 + priority : table;
        return new LinkSettings(name, interfaceName, type, priority, metered, gw, src, resolvedTable, parsed,
                intervalMillis, meteredIntervalMillis, timeoutMillis, expectedHttpStatus, policy);
    }

    /** The {@code ip rule} preference of this link's rule: below the main table's 32766, one per table. */
    int rulePriority() {
        return 1000 + table;
    }
}
