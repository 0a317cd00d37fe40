package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A component that stays DOWN: the coordinator restarts the real bundle that registered its health, twice
 * (the budget), then escalates with an alarm and stops trying; when the component comes back the episode
 * closes. The component is re-registered on each start of its bundle, as a bundle's activator would.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class RestartBudgetIT {

    static final String FLAKY = "org.cabinetgw.failover.itest.flaky";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void aFailingComponentIsRestartedWithinItsBudgetThenEscalated() throws Exception {
        Instant started = Instant.now();
        RecordingUplink uplink = new RecordingUplink();
        ServiceRegistration<?> u = Fixture.register(context, uplink, Uplink.class);
        AtomicReference<Health> health = new AtomicReference<>(Health.down("worker thread died", Instant.now()));
        AtomicInteger starts = new AtomicInteger();
        Bundle flaky = Fixture.install(context, FLAKY);
        // the "activator" of the flaky bundle: registers its component's health each time the bundle starts
        BundleListener activator = e -> {
            if (e.getBundle().equals(flaky) && e.getType() == BundleEvent.STARTED) {
                starts.incrementAndGet();
                health.set(Health.down("worker thread died again", Instant.now()));
                registerHealth(flaky, health);
            }
        };
        context.addBundleListener(activator);
        registerHealth(flaky, health);
        Configuration rule = configurationAdmin.getFactoryConfiguration(Fixture.RULE_FACTORY, "restart", "?");
        Dictionary<String, Object> r = Fixture.properties("name", "restart flaky", "condition", "COMPONENT_DOWN",
                "actions", new String[] { "RESTART_BUNDLE" }, "component", "flaky.*", "down.seconds", 1,
                "restart.budget", 2, "restart.window.minutes", 60);
        try (EventLog log = new EventLog(context, FailoverEvents.ACTION, FailoverEvents.ESCALATED, FailoverEvents.EPISODE_ENDED)) {
            rule.update(r);

            Event escalated = log.await(FailoverEvents.ESCALATED, e -> "flaky.worker".equals(e.getProperty(FailoverEvents.TARGET)), 15_000);
            assertThat((String) escalated.getProperty(FailoverEvents.REASON)).contains("restart budget of 2 in 60 min used up");
            assertThat(log.all(FailoverEvents.ACTION).stream()
                    .filter(e -> "RESTART_BUNDLE".equals(e.getProperty(FailoverEvents.ACTION_KIND)))).hasSize(2);
            assertThat(starts.get()).as("real restarts of the bundle").isEqualTo(2);
            assertThat(flaky.getState()).isEqualTo(Bundle.ACTIVE);
            uplink.await(m -> m.priority() == Priority.ALARM && m.payload().contains("flaky.worker DOWN for"), 5000);

            // escalated: no more restarts, however long it stays down
            Thread.sleep(2500);
            assertThat(starts.get()).isEqualTo(2);
            assertThat(coordinator.status().state()).isEqualTo(CabinetState.DEGRADED);

            health.set(Health.up(Instant.now()));
            Fixture.healthChanged(eventAdmin, "flaky.worker");
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> "component flaky.worker".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            assertThat(ended.getProperty(FailoverEvents.OUTCOME)).isEqualTo("escalated, then restored");
            Episode e = coordinator.history(20).stream().filter(x -> x.what().equals("component flaky.worker")
                    && !x.firstSeen().isBefore(started.minusSeconds(1))).findFirst().orElseThrow();
            assertThat(e.actions()).extracting(EpisodeAction::what).filteredOn(a -> a.startsWith("restarted the bundle of flaky.worker"))
                    .hasSize(2);
            assertThat(e.actions()).extracting(EpisodeAction::what).anyMatch(a -> a.startsWith("escalated (restart flaky): flaky.worker DOWN for"));
            assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.toMillis()).isGreaterThanOrEqualTo(1000));
        } finally {
            rule.delete();
            context.removeBundleListener(activator);
            flaky.uninstall();
            u.unregister();
        }
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
    }

    private static void registerHealth(Bundle bundle, AtomicReference<Health> health) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HealthContributor.COMPONENT, "flaky.worker");
        bundle.getBundleContext().registerService(HealthContributor.class, health::get, p);
    }
}
