package org.cabinetgw.failover.itest;

import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;

/**
 * Waiting until ConfigurationAdmin has delivered every event raised so far, Declarative Services included.
 *
 * <p>A test that deletes configurations in its tear-down must call this before the next test creates the same
 * PIDs again. ConfigurationAdmin delivers events asynchronously, on one thread, in order, and that thread can be
 * seconds behind (SCR activates components inside the delivery: the uplink re-activating with its defaults after
 * its own PID is deleted takes about half a second). If the new configuration already exists when Felix SCR
 * (2.2.12) handles the old one's CM_DELETED, SCR does not deactivate the component: it re-reads the PID, finds
 * the new configuration and ignores it, because its change count (which restarts with every new configuration)
 * is not above the one already applied; the new configuration's own CM_UPDATED is ignored for the same reason.
 * The component then runs on with the deleted settings: RealUplinkAlarmsOnlyIT's uplink kept retrying the
 * previous test's broker. An event of our own reaching our listener proves every earlier one has been handled,
 * since Felix ConfigurationAdmin uses a single event thread.
 */
final class ConfigurationEvents {

    private ConfigurationEvents() {
    }

    static void awaitDelivered(BundleContext context, ConfigurationAdmin cm, long timeoutMillis) throws Exception {
        String marker = "org.cabinetgw.failover.itest.barrier." + System.nanoTime();
        CountDownLatch deleted = new CountDownLatch(1);
        ConfigurationListener listener = e -> {
            if (marker.equals(e.getPid()) && e.getType() == ConfigurationEvent.CM_DELETED) {
                deleted.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration = context.registerService(ConfigurationListener.class,
                listener, null);
        try {
            // a PID no component uses: only our listener acts on it; its delete leaves nothing behind
            Configuration c = cm.getConfiguration(marker, "?");
            c.update(new Hashtable<>(Map.of("purpose", "configuration event barrier")));
            c.delete();
            if (!deleted.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new AssertionError("ConfigurationAdmin has not delivered its events within " + timeoutMillis
                        + " ms (a listener or a component's activation blocks its event thread)");
            }
        } finally {
            registration.unregister();
        }
    }
}
