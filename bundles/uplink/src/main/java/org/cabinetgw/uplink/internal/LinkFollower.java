package org.cabinetgw.uplink.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.function.Supplier;

import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.network.NetworkEvents;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.osgi.service.event.Event;

/**
 * Moves the uplink's connections with the link manager's default route, and names the link that carries them.
 *
 * <p>Why reconnect unbound rather than bind to the new link's address: the link manager already decides the
 * route (main table default route with the active link's source hint), so a new socket that is not bound
 * leaves over the active link by itself — after a failover and after the fail-back alike. Binding here would
 * repeat that decision in a second place, need every link's current address (DHCP changes it), and would keep
 * the session on a link the manager has since left. What the uplink must do is only to stop holding the old
 * socket: its source address stays on the old link through the per-link rule, however dead or metered it is.
 *
 * <p>Only a switch the backend applied ({@link NetworkEvents#APPLIED}) moves the session: with the simulated
 * backend (Kura owns the routing) nothing moved, and a reconnect would only cost a session.
 */
final class LinkFollower {

    private final Supplier<List<Transport>> transports;

    LinkFollower(Supplier<List<Transport>> transports) {
        this.transports = transports;
    }

    /** A {@link NetworkEvents#SWITCHED} event: tell every transport the route moved. */
    void switched(Event event) {
        if (!Boolean.TRUE.equals(event.getProperty(NetworkEvents.APPLIED))) {
            return;
        }
        Object link = event.getProperty(NetworkEvents.LINK);
        Object previous = event.getProperty(NetworkEvents.PREVIOUS_LINK);
        String why = "default route moved " + (previous == null ? "" : "from " + previous + " ") + "to " + link
                + " (" + event.getProperty(NetworkEvents.CAUSE) + ")";
        for (Transport t : transports.get()) {
            t.routeChanged(why);
        }
    }

    /**
     * Which link carries the transport's connection: "over link cellular (10.2.0.2 on c0)", from the socket's
     * local address and the interface holding it; without a link manager, or on an interface no link names,
     * the address and interface alone. Empty when the transport is not connected.
     */
    static String carrier(Transport transport, List<LinkStatus> links) {
        InetAddress local = transport == null ? null : transport.localAddress();
        if (local == null) {
            return "";
        }
        String iface;
        try {
            NetworkInterface ni = NetworkInterface.getByInetAddress(local);
            iface = ni == null ? null : ni.getName();
        } catch (SocketException e) {
            iface = null;
        }
        String where = local.getHostAddress() + (iface == null ? "" : " on " + iface);
        if (iface != null) {
            for (LinkStatus l : links) {
                if (l.interfaceName().equals(iface)) {
                    return "over link " + l.name() + " (" + where + ")";
                }
            }
        }
        return "from " + where;
    }
}
