package org.cabinetgw.testing;

import java.util.Collection;

import org.cabinetgw.health.ConfigurationRefusal;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** A component's refusal of its configuration ({@link ConfigurationRefusal}), as an in-framework test finds it. */
public final class Refusals {

    private Refusals() {
    }

    /** The refusal of {@code pid}'s configuration, waited for: its health (DOWN, the reason naming the setting). */
    public static Health await(BundleContext context, String pid, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Health h = current(context, pid);
            if (h != null) {
                return h;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("no component refused " + pid + " within " + timeoutMillis + " ms");
            }
            Thread.sleep(25);
        }
    }

    /** The refusal of {@code pid}'s configuration now, or null. */
    public static Health current(BundleContext context, String pid) throws Exception {
        Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                "(" + ConfigurationRefusal.REFUSED_PID + "=" + pid.replace("(", "\\(").replace(")", "\\)") + ")");
        for (ServiceReference<HealthContributor> ref : refs) {
            HealthContributor c = context.getService(ref);
            if (c != null) {
                try {
                    return c.health();
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        return null;
    }
}
