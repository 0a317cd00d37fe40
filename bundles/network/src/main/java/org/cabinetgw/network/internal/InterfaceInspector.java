package org.cabinetgw.network.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** Looks at an interface the way a probe round needs: present, up with carrier, and its source address. */
class InterfaceInspector {

    private final Path sysClassNet;

    InterfaceInspector() {
        this(Path.of("/sys/class/net"));
    }

    /** {@code sysClassNet}: where interfaces' state files are; tests point it at fixtures. */
    InterfaceInspector(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    /**
     * What was found: {@code problem} is empty and {@code source} set when the interface can carry probes.
     */
    record Finding(InetAddress source, String problem) {
        boolean usable() {
            return problem.isEmpty();
        }
    }

    /**
     * The kernel's RFC 2863 operational state ({@code up}, {@code lowerlayerdown}, ...), or {@code unknown} when it
     * cannot be read (not Linux) or the driver does not report one (many tun, ppp and wwan drivers).
     */
    String operstate(String interfaceName) {
        String text = read(interfaceName, "operstate");
        return text.isEmpty() || text.length() > 20 ? "unknown" : text;
    }

    /** Bytes received plus sent on the interface since it appeared (sysfs statistics); -1 when unreadable. */
    long bytes(String interfaceName) {
        try {
            return Long.parseLong(read(interfaceName, "statistics/rx_bytes")) + Long.parseLong(read(interfaceName,
                    "statistics/tx_bytes"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A sysfs attribute of the interface, trimmed; empty when it cannot be read (reading carrier of a down link fails). */
    private String read(String interfaceName, String attribute) {
        try {
            return Files.readString(sysClassNet.resolve(interfaceName).resolve(attribute)).trim();
        } catch (IOException | RuntimeException e) {
            return "";
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
        // An unplugged cable shows in sysfs at once, which saves waiting for probe rounds to time out.
        // (A veth whose peer is down keeps operstate "up" but has carrier 0, so carrier is read first.)
        if ("0".equals(read(interfaceName, "carrier"))) {
            return new Finding(null, "interface " + interfaceName + " has no carrier");
        }
        try {
            if (!nif.isUp()) {
                return new Finding(null, "interface " + interfaceName + " is down");
            }
        } catch (SocketException e) {
            return new Finding(null, "cannot read interface " + interfaceName + ": " + e.getMessage());
        }
        String operstate = operstate(interfaceName);
        if (operstate.equals("down") || operstate.equals("lowerlayerdown") || operstate.equals("notpresent")
                || operstate.equals("dormant")) {
            return new Finding(null, "interface " + interfaceName + " has no carrier (operstate " + operstate + ")");
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
