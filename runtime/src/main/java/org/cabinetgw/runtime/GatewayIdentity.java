package org.cabinetgw.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's identity: its default MQTT client id, and the level of every topic it publishes
 * ({@code cabinetgw/<identity>/...}), so two gateways on one broker neither kick each other off nor
 * overwrite each other's retained status. Made once, at the first start, from the machine, as Kura does:
 * the primary network interface's MAC address ({@code cabinetgw-0242ac110002}), else the host name; then kept
 * in {@code <data>/etc/identity}, so it does not change when a USB modem's interface comes first one day or
 * the host is renamed. Handed to the bundles as the framework property {@code cabinetgw.identity}; a
 * {@code client.id} configured (site file, web console) wins over it.
 */
final class GatewayIdentity {

    static final String PROPERTY = "cabinetgw.identity";

    private GatewayIdentity() {
    }

    /** The kept identity, made now if there is none (or the file holds nothing usable). */
    static String load(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String kept = sanitize(Files.readString(file, StandardCharsets.UTF_8).strip());
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        String made = fromMachine();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, made + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return made;
    }

    static String fromMachine() {
        String mac = primaryMac();
        if (mac != null) {
            return "cabinetgw-" + mac;
        }
        try {
            String host = sanitize(InetAddress.getLocalHost().getHostName());
            if (!host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
                return host;
            }
        } catch (IOException e) {
            // no host name either: a random one, kept in the file like any other
        }
        return "cabinetgw-" + java.util.UUID.randomUUID().toString().substring(0, 12);
    }

    /**
     * The MAC of the primary interface: of the physical ones (a 6-byte address, not loopback, not virtual, not
     * a container bridge or tunnel), the one with the lowest index, preferring one that is up.
     */
    static String primaryMac() {
        List<NetworkInterface> candidates = new ArrayList<>();
        try {
            for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] hw = n.getHardwareAddress();
                String name = n.getName();
                if (hw != null && hw.length == 6 && !n.isLoopback() && !n.isVirtual() && !allZero(hw)
                        && !name.matches("(docker|veth|br-|virbr|tun|tap|wg|lxc|cni|flannel).*")) {
                    candidates.add(n);
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return candidates.stream().sorted(Comparator.comparing((NetworkInterface n) -> !isUp(n))
                .thenComparingInt(NetworkInterface::getIndex)).findFirst().map(n -> {
                    try {
                        return HexFormat.of().formatHex(n.getHardwareAddress());
                    } catch (SocketException e) {
                        return null;
                    }
                }).orElse(null);
    }

    /** What MQTT and a topic level accept everywhere: letters, digits, '.', '_', '-'; at most 64. */
    static String sanitize(String s) {
        String clean = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }

    private static boolean isUp(NetworkInterface n) {
        try {
            return n.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
