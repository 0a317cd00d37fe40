package org.cabinetgw.ha.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.ha.HaPair;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.condition.Condition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi condition {@code osgi.condition.id=cabinetgw.active}, registered while this node acts for the cabinet.
 * Declarative Services (1.5, Felix SCR 2.2) starts the components that require it when it appears and stops them
 * when it goes. That happens on a thread of its own, in order: stopping the uplink may take a while, and the
 * heartbeats must not wait for it (the peer would think this node dead).
 */
final class ActiveCondition implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveCondition.class);

    private final BundleContext context;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ha-condition");
        t.setDaemon(true);
        return t;
    });
    private ServiceRegistration<Condition> registration;

    ActiveCondition(BundleContext context) {
        this.context = context;
    }

    /** Registers or unregisters the condition (asynchronously, in the order asked). */
    void set(boolean acts) {
        thread.execute(() -> apply(acts));
    }

    /** As {@link #set}, running {@code first} on the condition's thread before it is registered. */
    void set(boolean acts, Runnable first) {
        thread.execute(() -> {
            if (acts) {
                try {
                    first.run();
                } catch (RuntimeException e) {
                    LOG.error("Before acting: {}", e.toString(), e);
                }
            }
            apply(acts);
        });
    }

    private synchronized void apply(boolean acts) {
        if (acts && registration == null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(Condition.CONDITION_ID, HaPair.ACTIVE_CONDITION);
            registration = context.registerService(Condition.class, Condition.INSTANCE, props);
            LOG.info("Condition {} registered: the components that act for the cabinet start here",
                    HaPair.ACTIVE_CONDITION);
        } else if (!acts && registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
            LOG.info("Condition {} withdrawn: the components that act for the cabinet stop here",
                    HaPair.ACTIVE_CONDITION);
        }
    }

    /** Withdraws the condition and waits for it. */
    @Override
    public void close() {
        set(false);
        thread.shutdown();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
