package org.cabinetgw.runtime;

import java.net.BindException;

/** Why the HTTP address cannot be bound, in words the integrator can act on. Pure; unit tested. */
final class PortCheck {

    private PortCheck() {
    }

    static String explain(String host, int port, BindException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        if (m.contains("cannot assign requested address") || m.contains("address not available")) {
            return "--http-host " + host + " is not an address of this machine (address not available); use "
                    + "127.0.0.1, 0.0.0.0 (every address) or one of this machine's own addresses";
        }
        if (m.contains("permission denied") || m.contains("access denied")) {
            return "port " + port + " on " + host + ": permission denied (ports below 1024 need privileges); "
                    + "choose another with --http-port";
        }
        if (m.contains("in use")) {
            return "port " + port + " on " + host + " is in use by another program; choose another with --http-port";
        }
        return "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "); choose another with "
                + "--http-port or --http-host";
    }
}
