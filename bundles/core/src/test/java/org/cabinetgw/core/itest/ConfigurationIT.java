package org.cabinetgw.core.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** A change made through ConfigurationAdmin reaches the component; a value out of range is refused, clearly. */
class ConfigurationIT {

    static final String PID = "org.cabinetgw.core.health.http";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 5000)
    HealthService health;

    @AfterEach
    void restoreDefaults() throws Exception {
        configurationAdmin.getConfiguration(PID, "?").delete();
        // the next test creates this PID again: only once SCR has acted on the delete (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        HttpProbe.await(HttpProbe.baseUrl(context) + "health", 200, 10_000);
    }

    @Test
    void aChangedPathIsServedAtOnce() throws Exception {
        String base = HttpProbe.baseUrl(context);
        HttpProbe.await(base + "health", 200, 10_000);

        update(props("/healthz", 200));

        HttpProbe.await(base + "healthz", 200, 10_000);
        assertThat(HttpProbe.get(base + "health").status()).isEqualTo(404);
    }

    @Test
    void aNewConfigurationKeepsTheServletRegistered() throws Exception {
        String base = HttpProbe.baseUrl(context);
        HttpProbe.await(base + "health", 200, 10_000);
        long before = servletId();

        update(props("/health", 299));
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);

        // the same registration: a monitor polling /health meanwhile never met an unregistered servlet
        assertThat(servletId()).isEqualTo(before);
        assertThat(HttpProbe.get(base + "health").status()).isIn(200, 299);
    }

    private long servletId() throws Exception {
        var refs = context.getServiceReferences(javax.servlet.Servlet.class,
                "(component.name=org.cabinetgw.core.internal.HealthEndpoint)");
        assertThat(refs).hasSize(1);
        return (Long) refs.iterator().next().getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    @Test
    void anOutOfRangeValueIsRefusedWithAMessageNamingTheSetting() throws Exception {
        BlockingQueue<Event> refused = new LinkedBlockingQueue<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, HealthEvents.CONFIGURATION_REFUSED);
        ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, refused::add, topic);
        try {
            update(props("/health", 42));

            Event e = refused.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("CONFIGURATION_REFUSED event").isNotNull();
            assertThat(e.getProperty(HealthEvents.PID)).isEqualTo(PID);
            assertThat(e.getProperty(HealthEvents.ATTRIBUTE)).isEqualTo("degraded.status");

            Health h = awaitComponent("config:" + PID);
            assertThat(h.state()).isEqualTo(HealthState.DOWN);
            assertThat(h.reason()).contains("degraded.status").contains("42").contains("HTTP status when DEGRADED");
            assertThat(health.current().overall().state()).as("one refused configuration degrades the cabinet")
                    .isEqualTo(HealthState.DEGRADED);

            // The component refused the configuration: nothing is served with a wrong value.
            HttpProbe.await(HttpProbe.baseUrl(context) + "health", 404, 10_000);

            // A good value again: the refusal disappears and the endpoint is back.
            update(props("/health", 200));
            HttpProbe.await(HttpProbe.baseUrl(context) + "health", 200, 10_000);
            assertThat(health.current().components()).doesNotContainKey("config:" + PID);
        } finally {
            listener.unregister();
        }
    }

    private Health awaitComponent(String name) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Health h = health.current().components().get(name);
            if (h != null) {
                return h;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(name + " never appeared in " + health.current().components().keySet());
    }

    private void update(Dictionary<String, Object> p) throws Exception {
        configurationAdmin.getConfiguration(PID, "?").update(p);
    }

    static Dictionary<String, Object> props(String path, int degradedStatus) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("osgi.http.whiteboard.servlet.pattern", path);
        p.put("degraded.status", degradedStatus);
        return p;
    }
}
