package org.cabinetgw.testing;

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
 * A barrier: waits until ConfigurationAdmin has delivered every configuration event raised so far, Declarative
 * Services included.
 *
 * <p>A test that deletes configurations (in its tear-down or mid-test) must call this before the same PIDs (or
 * the same factory PID and name) are created again. ConfigurationAdmin delivers events asynchronously, in order,
 * on one thread, and that thread can lag by seconds, since SCR (de)activates components inside the delivery.
 * Felix SCR 2.2.12, handling a CM_DELETED when a new configuration with that PID already exists, does not
 * deactivate the component: it re-reads the PID, finds the new configuration and ignores it, because its change
 * count (which restarts with every new configuration) is not above the one already applied; the new
 * configuration's own CM_UPDATED is ignored for the same reason. The component then runs on with the deleted
 * settings (the failover uplink tests saw the uplink keep retrying the previous test's broker).
 *
 * <p>How: Felix ConfigurationAdmin uses a single event thread, so an event of our own reaching our listener
 * proves that every earlier one has been handled.
 */
public final class ConfigurationEvents {

    private ConfigurationEvents() {
    }

    /**
     * Returns once every configuration event raised before the call has been delivered; an AssertionError when
     * that takes longer than {@code timeoutMillis} (a listener or a component's activation blocks the event thread).
     */
    public static void awaitDelivered(BundleContext context, ConfigurationAdmin cm, long timeoutMillis)
            throws Exception {
        String marker = "org.cabinetgw.testing.barrier." + System.nanoTime();
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
