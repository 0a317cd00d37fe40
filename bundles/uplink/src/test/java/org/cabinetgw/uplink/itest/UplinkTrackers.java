package org.cabinetgw.uplink.itest;

import java.util.Dictionary;
import java.util.Hashtable;

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

    /**
     * The uplink configured on its own queue, retrying a refused send fast (after 50 ms, at most every second),
     * and a tracker (opened) of the uplink that configuration starts: the set-up of the transport tests that
     * provoke reconnects ({@code LinkFollowIT}, {@code MqttBrokerChangeIT}).
     */
    static ServiceTracker<Uplink, Uplink> configureFastRetrying(BundleContext context, ConfigurationAdmin admin,
            String pid, String queue) throws Exception {
        ServiceTracker<Uplink, Uplink> tracker = forQueue(context, queue);
        Dictionary<String, Object> uplink = new Hashtable<>();
        uplink.put("data.directory", queue);
        uplink.put("retry.initial.millis", 50);
        uplink.put("retry.max.seconds", 1);
        admin.getConfiguration(pid, "?").update(uplink);
        return tracker;
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
