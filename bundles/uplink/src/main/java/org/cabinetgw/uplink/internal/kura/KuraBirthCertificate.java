package org.cabinetgw.uplink.internal.kura;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.cabinetgw.network.ModemIdentity;

/**
 * The metrics of Kura's lifecycle messages, from what this gateway really knows (all STRING, as Kura sends them):
 * BIRTH and APPS carry the whole certificate, DC {@code uptime} and {@code display_name}. A metric whose value is
 * not known (no DMI serial, no modem) is left out, not invented. README, "Kura's cloud protocol", lists what goes
 * into each.
 */
public final class KuraBirthCertificate {

    /** What the gateway is, for the Kura-specific metrics. */
    public record Framework(String displayName, String gatewayVersion, String osgiFramework,
            String osgiFrameworkVersion) {
    }

    private final Map<String, String> fixed = new LinkedHashMap<>();
    private final String displayName;
    /** The cellular modem's identity now (the network bundle's), or empty. */
    private final Supplier<Optional<ModemIdentity>> modem;

    public KuraBirthCertificate(Framework framework, MachineFacts machine, boolean acceptGzip) {
        this(framework, machine, acceptGzip, Optional::empty);
    }

    public KuraBirthCertificate(Framework framework, MachineFacts machine, boolean acceptGzip,
            Supplier<Optional<ModemIdentity>> modem) {
        this.modem = modem;
        this.displayName = framework.displayName();
        put("display_name", framework.displayName());
        put("model_name", machine.productName() != null ? machine.productName() : "Cabinet Gateway");
        put("model_id", "cabinetgw");
        put("part_number", machine.productSku());
        put("serial_number", machine.serialNumber());
        put("firmware_version", machine.kernelBuild());
        put("bios_version", machine.biosVersion());
        put("cpu_version", machine.cpu());
        put("os", System.getProperty("os.name"));
        put("os_version", System.getProperty("os.version"));
        put("os_arch", System.getProperty("os.arch"));
        put("jvm_name", System.getProperty("java.vm.name"));
        put("jvm_version", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        put("jvm_vendor", System.getProperty("java.vm.vendor"));
        put("jvm_profile", "JavaSE-" + Runtime.version().feature());
        // we are not Kura: say what we are, in Kura's places for it
        put("kura_version", "CABINETGW_" + framework.gatewayVersion());
        put("application_framework", "Cabinet Gateway");
        put("application_framework_version", framework.gatewayVersion());
        put("osgi_framework", framework.osgiFramework());
        put("osgi_framework_version", framework.osgiFrameworkVersion());
        put("available_processors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        put("total_memory", String.valueOf(Runtime.getRuntime().maxMemory() / 1024)); // kB, as Kura
        put("accept_encoding", acceptGzip ? "gzip" : "");
        put("payload_encoding", "KURA_PROTOBUF");
    }

    private void put(String name, String value) {
        if (value != null && !value.isBlank()) {
            fixed.put(name, value);
        }
    }

    /**
     * The BIRTH (and APPS) certificate now.
     *
     * @param local the session's local address (connection_ip, and connection_interface its interface), or null
     * @param apps  the applications answered in Kura's dialect ({@code application_ids}, comma-separated, sorted)
     */
    public KuraPayload birth(long now, InetAddress local, Set<String> apps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptime", uptime());
        m.putAll(fixed);
        if (local != null) {
            m.put("connection_ip", local.getHostAddress());
            String itf = interfaceOf(local);
            if (itf != null) {
                m.put("connection_interface", itf);
            }
        }
        m.put("application_ids", String.join(",", new TreeSet<>(apps)));
        modem.get().ifPresent(modem -> modemMetrics(modem, m));
        return KuraPayload.of(now, m);
    }

    /** Kura's modem metrics (STRING, as Kura sends them; rssi in dBm); an unknown one is left out. */
    static void modemMetrics(ModemIdentity modem, Map<String, Object> m) {
        putIfKnown(m, "modem_imei", modem.imei());
        putIfKnown(m, "modem_iccid", modem.iccid());
        putIfKnown(m, "modem_imsi", modem.imsi());
        if (modem.rssiDbm() != ModemIdentity.RSSI_UNKNOWN) {
            m.put("modem_rssi", String.valueOf(modem.rssiDbm()));
        }
        putIfKnown(m, "modem_firmware_version", modem.firmwareVersion());
    }

    private static void putIfKnown(Map<String, Object> m, String name, String value) {
        if (!value.isBlank()) {
            m.put(name, value);
        }
    }

    /** The DC message: an orderly disconnect. */
    public KuraPayload disconnect(long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptime", uptime());
        m.put("display_name", displayName);
        return KuraPayload.of(now, m);
    }

    /** The will (LWT): written at connect, published by the broker when the session is lost. */
    public KuraPayload will(long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("display_name", displayName);
        return KuraPayload.of(now, m);
    }

    private static String uptime() {
        return String.valueOf(ManagementFactory.getRuntimeMXBean().getUptime()); // ms, as Kura
    }

    private static String interfaceOf(InetAddress local) {
        try {
            NetworkInterface n = NetworkInterface.getByInetAddress(local);
            return n == null ? null : n.getName();
        } catch (SocketException e) {
            return null;
        }
    }
}
