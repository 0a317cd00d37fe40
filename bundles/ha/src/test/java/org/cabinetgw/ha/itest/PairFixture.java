package org.cabinetgw.ha.itest;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.Role;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the in-framework tests of a one-node pair share: configurations, the role, services, waiting. */
final class PairFixture {

    private final BundleContext context;
    private final ConfigurationAdmin cm;

    PairFixture(BundleContext context, ConfigurationAdmin cm) {
        this.context = context;
        this.cm = cm;
    }

    void configure(String pid, Map<String, Object> values) throws Exception {
        cm.getConfiguration(pid, "?").update(new Hashtable<>(values));
    }

    /** This node alone in a pair on loopback, its peer silent; no witness. */
    void configurePair(String standbyWhenIsolated) throws Exception {
        int[] ports = new int[4];
        for (int i = 0; i < 4; i++) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                ports[i] = s.getLocalPort();
            }
        }
        configure("org.cabinetgw.ha", Map.of("pair.id", "cabinet-it", "node.id", "gw-it",
                "paths", new String[] {"lan;127.0.0.1:" + ports[0] + ";127.0.0.1:" + ports[1],
                        "cable;127.0.0.1:" + ports[2] + ";127.0.0.1:" + ports[3]},
                "pair.key", "in-framework-pair-key", "startup.wait.millis", 300,
                "standby.when.isolated", standbyWhenIsolated));
    }

    /** Null while no pair service is registered, or while the one found is being unregistered (a reconfiguration). */
    Role role() {
        var ref = context.getServiceReference(HaPair.class);
        HaPair pair = ref == null ? null : context.getService(ref);
        return pair == null ? null : pair.status().role();
    }

    /**
     * The service of {@code type} whose properties match {@code filter}: the uplink a test configured, say, not the
     * one started with the defaults, which stays registered until ConfigurationAdmin's event reaches SCR (a message
     * published to it in that moment waited in the wrong queue: PairUplinkIT failed so).
     */
    <T> T service(Class<T> type, String filter) throws Exception {
        await(() -> references(type, filter) != null, type.getSimpleName() + " " + filter);
        return type.cast(context.getService(references(type, filter)[0]));
    }

    private ServiceReference<?>[] references(Class<?> type, String filter) {
        try {
            return context.getServiceReferences(type.getName(), filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    <T> T service(Class<T> type) throws InterruptedException {
        await(() -> context.getServiceReference(type) != null, type.getSimpleName());
        return context.getService(context.getServiceReference(type));
    }

    static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
