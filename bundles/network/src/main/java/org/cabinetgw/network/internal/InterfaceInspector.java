package org.cabinetgw.network.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Looks at an interface the way a probe round needs: present, up with carrier, and its source address. */
class InterfaceInspector {

    /**
     * What was found: {@code problem} is empty and {@code source} set when the interface can carry probes.
     */
    record Finding(InetAddress source, String problem) {
        boolean usable() {
            return problem.isEmpty();
        }
    }

    Finding inspect(String interfaceName, InetAddress configuredSource) {
        NetworkInterface nif;
        try {
            nif = NetworkInterface.getByName(interfaceName);
        } catch (SocketException e) {
            return new Finding(null, "cannot read interface " + interfaceName + ": " + e.getMessage());
        }
        if (nif == null) {
            return new Finding(null, "interface " + interfaceName + " not found");
        }
        try {
            // isUp() is IFF_UP and IFF_RUNNING: an unplugged cable (no carrier) shows here at once
            if (!nif.isUp()) {
                return new Finding(null, "interface " + interfaceName + " is down or has no carrier");
            }
        } catch (SocketException e) {
            return new Finding(null, "cannot read interface " + interfaceName + ": " + e.getMessage());
        }
        if (configuredSource != null) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a.equals(configuredSource)) {
                    return new Finding(a, "");
                }
            }
            return new Finding(null, "interface " + interfaceName + " does not have address "
                    + configuredSource.getHostAddress());
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet4Address && !a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                return new Finding(a, "");
            }
        }
        return new Finding(null, "interface " + interfaceName + " has no IPv4 address");
    }
}
