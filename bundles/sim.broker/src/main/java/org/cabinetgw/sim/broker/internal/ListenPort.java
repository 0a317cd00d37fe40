package org.cabinetgw.sim.broker.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The port to hand to Moquette. WHY: Moquette 0.17 learns the port it bound from a Netty listener
 * that writes into a plain HashMap while {@code Server.getPort()} may be reading it, so after a start on
 * port 0 the answer can stay 0 for ever. For "any free port" we therefore pick one ourselves first.
 */
final class ListenPort {

    private ListenPort() {
    }

    static int resolve(String host, int configured) throws IOException {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        }
    }
}
