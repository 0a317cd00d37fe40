package org.cabinetgw.ha.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which configurations the active hands to the standby, and which stay each node's own.
 *
 * <p>Replicated: the gateway's own PIDs ({@code org.cabinetgw.*}), so what the web console, Kura's UI, the cloud
 * (CONF-V1) or the site file set on the active is what the standby runs after a takeover. Kept per node, never sent
 * and refused when received: the PIDs and keys below, each because it describes this machine rather than the cabinet
 * (its addresses and node id, its own NICs, modem and disks, files on its own disk) or because replicating it would
 * cut the link that carries it (the pair's own settings). Everything outside {@code org.cabinetgw.*} (Jetty's port,
 * the web console, logging) is the framework's and stays per node too. Both nodes apply their own copy of this list:
 * a receiver never takes a PID or key it keeps as its own, whatever the sender thinks.
 */
final class ConfigScope {

    static final String NAMESPACE = "org.cabinetgw.";

    /**
     * Whole PIDs (and factory PIDs) kept per node; an entry ending in {@code .} covers every PID under it. Why, each:
     * the pair (node id, paths, priority; its key and timings must change on both nodes together, since a change
     * restarts the pair and cuts the stream that would carry it); the launcher's record of this node's site file;
     * the node's own links, modem and link manager; its own disks, filesystems and RAID; the deploy agent's trust store
     * (each node verifies packages with its own); the simulators, which stand for a node's own hardware.
     */
    static final List<String> LOCAL_PIDS = List.of("org.cabinetgw.ha", "org.cabinetgw.core.site",
            "org.cabinetgw.network.", "org.cabinetgw.storage.", "org.cabinetgw.deploy.agent", "org.cabinetgw.sim.");

    /**
     * Keys of replicated PIDs that stay per node (the standby keeps its own value): each names a file or a device on
     * this node's own machine, and a key store's password goes with its file.
     */
    static final Map<String, Set<String>> LOCAL_KEYS = Map.of(
            "org.cabinetgw.uplink", Set.of("data.directory"),
            "org.cabinetgw.uplink.mqtt", Set.of("tls.trust.store", "tls.trust.store.password", "tls.key.store",
                    "tls.key.store.password"),
            "org.cabinetgw.uplink.http", Set.of("tls.trust.store", "tls.trust.store.password", "tls.key.store",
                    "tls.key.store.password"),
            "org.cabinetgw.power.meter", Set.of("serial.port"));

    /** Set by ConfigurationAdmin itself, never carried. */
    static final Set<String> ADMIN_KEYS = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    /** A PID as ConfigurationAdmin writes them: dotted names, a factory instance after {@code ~} or a generated tail. */
    private static final Pattern PID = Pattern.compile("[A-Za-z0-9_.~-]{1,200}");

    private ConfigScope() {
    }

    /** Whether the string can be a PID at all (a hostile one is refused before anything is looked up). */
    static boolean wellFormed(String pid) {
        return pid != null && PID.matcher(pid).matches();
    }

    /** A gateway PID the pair shares. */
    static boolean replicated(String pid, String factoryPid) {
        return wellFormed(pid) && pid.startsWith(NAMESPACE) && !local(pid) && (factoryPid == null || !local(factoryPid));
    }

    /** A PID (or factory PID) kept per node. */
    static boolean local(String pid) {
        for (String l : LOCAL_PIDS) {
            if (l.endsWith(".") ? pid.startsWith(l) : pid.equals(l) || pid.startsWith(l + "~")) {
                return true;
            }
        }
        return false;
    }

    /** The keys of this PID that stay per node. */
    static Set<String> localKeys(String pid, String factoryPid) {
        return LOCAL_KEYS.getOrDefault(factoryPid != null ? factoryPid : pid, Set.of());
    }

    /**
     * The PID a factory configuration of the active gets on the standby. A named one ({@code factory~name}) keeps its
     * PID; a generated one ({@code factory.<uuid>}, from the web console) becomes the named {@code factory~<its pid>}
     * on the standby, so later changes of the same configuration find it again.
     */
    static String standbyName(String pid, String factoryPid) {
        if (pid.startsWith(factoryPid + "~")) {
            return pid.substring(factoryPid.length() + 1);
        }
        return pid;
    }
}
