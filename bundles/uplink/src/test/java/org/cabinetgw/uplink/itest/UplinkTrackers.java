package org.cabinetgw.uplink.itest;

import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LdapFilters;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/** Finding the uplink a test configured among those that come and go while configurations change. */
final class UplinkTrackers {

    private UplinkTrackers() {
    }

    /**
     * A tracker (opened) of the uplink configured with this {@code data.directory} only (DS passes configuration
     * properties on as service properties): the one started with the defaults may still be registered, about to
     * be replaced, and what it took would wait in its queue.
     */
    static ServiceTracker<Uplink, Uplink> forQueue(BundleContext context, String queue) throws InvalidSyntaxException {
        ServiceTracker<Uplink, Uplink> t = new ServiceTracker<>(context,
                context.createFilter(LdapFilters.service(Uplink.class, "data.directory", queue)), null);
        t.open();
        return t;
    }

    /** The end of a test: the tracker closed, the configurations deleted and their removal delivered. */
    static void closeAndDelete(ServiceTracker<Uplink, Uplink> tracker, BundleContext context, ConfigurationAdmin admin,
            String... pids) throws Exception {
        tracker.close();
        for (String pid : pids) {
            admin.getConfiguration(pid, "?").delete();
        }
        // the next test creates these PIDs again: see ConfigurationEvents why it must wait here
        ConfigurationEvents.awaitDelivered(context, admin, 30_000);
    }
}
