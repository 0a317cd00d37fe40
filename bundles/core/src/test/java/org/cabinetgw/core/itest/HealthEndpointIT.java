package org.cabinetgw.core.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthEvents;
import org.cabinetgw.health.HealthService;
import org.cabinetgw.health.HealthState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** Contributors registered on the whiteboard are aggregated, announced by event and served at /health. */
class HealthEndpointIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    HealthService health;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;

    private final BlockingQueue<Event> cabinetEvents = new LinkedBlockingQueue<>();
    private ServiceRegistration<EventHandler> listener;

    @BeforeEach
    void listen() {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(EventConstants.EVENT_TOPIC, HealthEvents.CABINET_CHANGED);
        listener = context.registerService(EventHandler.class, cabinetEvents::add, p);
    }

    @AfterEach
    void stopListening() {
        listener.unregister();
    }

    @Test
    void healthFollowsTheWorstContributorAndAnswers200Or503() throws Exception {
        String url = HttpProbe.baseUrl(context) + "health";
        HttpProbe.await(url, 200, 10_000);

        AtomicReference<Health> wired = new AtomicReference<>(Health.up(Instant.now()));
        ServiceRegistration<HealthContributor> reg = register("link.wired", wired::get);
        try {
            assertThat(health.current().components()).containsKey("link.wired");

            // A contributor changes and says so: the registry re-reads at once and announces it.
            cabinetEvents.clear();
            wired.set(Health.down("all 3 probe targets silent", Instant.now()));
            changed("link.wired");
            Event e = cabinetEvents.poll(5, TimeUnit.SECONDS);
            assertThat(e).as("CABINET_CHANGED event").isNotNull();
            assertThat(e.getProperty(HealthEvents.STATE)).isEqualTo("DOWN");
            assertThat(e.getProperty(HealthEvents.PREVIOUS_STATE)).isEqualTo("UP");
            assertThat((String) e.getProperty(HealthEvents.REASON)).contains("all 3 probe targets silent");

            HttpProbe.Response down = HttpProbe.await(url, 503, 5000);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("link.wired");

            wired.set(Health.degraded("running on cellular", Instant.now()));
            changed("link.wired");
            HttpProbe.Response degraded = HttpProbe.await(url, 200, 5000);
            assertThat(degraded.body()).contains("\"status\":\"DEGRADED\"");
        } finally {
            reg.unregister();
        }
        // A contributor that leaves no longer counts.
        assertThat(health.current().components()).doesNotContainKey("link.wired");
        assertThat(health.current().overall().state()).isEqualTo(HealthState.UP);
    }

    @Test
    void aContributorThatThrowsIsReportedDownNotHidden() {
        ServiceRegistration<HealthContributor> reg = register("broken", () -> {
            throw new IllegalStateException("boom");
        });
        try {
            Health h = health.current().components().get("broken");
            assertThat(h.state()).isEqualTo(HealthState.DOWN);
            assertThat(h.reason()).contains("boom");
        } finally {
            reg.unregister();
        }
    }

    private ServiceRegistration<HealthContributor> register(String name, HealthContributor c) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, name);
        return context.registerService(HealthContributor.class, c, p);
    }

    private void changed(String component) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthEvents.COMPONENT, component);
        eventAdmin.postEvent(new Event(HealthEvents.CHANGED, p));
    }
}
