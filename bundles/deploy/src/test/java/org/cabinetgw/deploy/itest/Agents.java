package org.cabinetgw.deploy.itest;

import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.deploy.CommandHandler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The deploy agent of a test: configured afresh (a configuration change replaces the agent instance, and a
 * request sent to the instance going away would be cut short) and found by a service id not seen before (the agent
 * publishes no configuration as service properties, so no marker setting can find it).
 */
final class Agents {

    static final String PID = "org.cabinetgw.deploy.agent";
    private static final String FILTER = "(" + CommandHandler.APP_ID + "=DEPLOY-V2)";

    private Agents() {
    }

    /** A new agent trusting the build's key, HTTP allowed, 5 s read timeout and health gate, plus {@code more}. */
    static CommandHandler activateNew(ConfigurationAdmin cm, BundleContext context, Map<String, Object> more)
            throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("itest.marker", Long.toString(System.nanoTime()));
        p.put("trust.store", System.getProperty("cabinetgw.test.truststore"));
        p.put("trust.store.password", "cabinetgw-test");
        p.put("download.allow.http", true);
        p.put("download.read.timeout.seconds", 5);
        p.put("health.gate.seconds", 5);
        more.forEach(p::put);
        Set<Long> before = ids(context);
        cm.getConfiguration(PID, "?").update(p);
        return awaitNew(context, before);
    }

    /** The service ids of the deploy agents registered now. */
    static Set<Long> ids(BundleContext context) throws Exception {
        Set<Long> ids = new HashSet<>();
        for (ServiceReference<CommandHandler> ref : context.getServiceReferences(CommandHandler.class, FILTER)) {
            ids.add((Long) ref.getProperty(Constants.SERVICE_ID));
        }
        return ids;
    }

    /** The agent registered after a configuration change: one not among {@code before}. */
    static CommandHandler awaitNew(BundleContext context, Set<Long> before) throws Exception {
        return org.cabinetgw.testing.Await.nonNull("a new deploy agent with " + FILTER, java.time.Duration.ofSeconds(10), () -> {
            for (ServiceReference<CommandHandler> ref : context.getServiceReferences(CommandHandler.class, FILTER)) {
                if (!before.contains(ref.getProperty(Constants.SERVICE_ID))) {
                    CommandHandler h = context.getService(ref);
                    if (h != null) {
                        return h;
                    }
                }
            }
            return null;
        });
    }
}
