package org.cabinetgw.ha.internal;

import java.net.InetSocketAddress;

/** One heartbeat path: this node's address on it and the peer's. */
record PathSpec(String name, InetSocketAddress local, InetSocketAddress peer) {

    static String text(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
