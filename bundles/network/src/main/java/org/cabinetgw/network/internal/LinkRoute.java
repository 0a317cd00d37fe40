package org.cabinetgw.network.internal;

import java.net.InetAddress;

/**
 * What a routing backend needs to route over one link.
 *
 * @param link          the link's name (for messages)
 * @param interfaceName the interface
 * @param gateway       next hop, or null for a point-to-point link (cellular wwan) routed by device only
 * @param source        the link's own address: probes bind to it, and the link's {@code ip rule} matches it
 * @param table         the link's own routing table
 * @param rulePriority  the {@code ip rule} preference of the link's rule
 */
record LinkRoute(String link, String interfaceName, InetAddress gateway, InetAddress source, int table,
        int rulePriority) {
}
