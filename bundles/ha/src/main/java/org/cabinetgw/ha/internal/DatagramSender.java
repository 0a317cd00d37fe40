package org.cabinetgw.ha.internal;

/** Sends a heartbeat datagram on a path: UDP in the gateway, straight into the other engine in the unit tests. */
@FunctionalInterface
interface DatagramSender {

    void send(int path, byte[] datagram);
}
