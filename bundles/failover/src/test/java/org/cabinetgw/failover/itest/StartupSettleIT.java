package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.cabinetgw.testing.ConfigurationEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The startup settle time: what components report while the gateway starts ("not read yet", "no working transport"
 * before the first connection attempt) shows in the cabinet state but never sends an alarm; a condition still
 * there when the settle time ends acts then; the state goes out through the uplink once, at the end.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class StartupSettleIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private final RecordingUplink uplink = new RecordingUplink();
    private final AtomicReference<Health> probe = new AtomicReference<>();
    private ServiceRegistration<?> uplinkRegistration;
    private ServiceRegistration<HealthContributor> probeRegistration;
    private Configuration rule;

    @BeforeEach
    void ruleAndProbe() throws Exception {
        probe.set(Health.degraded("not read yet", Instant.now()));
        probeRegistration = Fixture.contributor(context, "settle.probe", probe::get);
        rule = configurationAdmin.getFactoryConfiguration(Fixture.RULE_FACTORY, "settle", "?");
        Dictionary<String, Object> r = new Hashtable<>();
        r.put("name", "settle-itest");
        r.put("condition", "CABINET_DEGRADED");
        r.put("actions", new String[] { "ALARM" });
        r.put("min.interval.seconds", 0);
        rule.update(r);
    }

    @AfterEach
    void cleanUp() throws Exception {
        rule.delete();
        probeRegistration.unregister();
        Fixture.restoreCoordinatorDefaults(context, configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?"));
        if (uplinkRegistration != null) {
            uplinkRegistration.unregister();
        }
        // both tests create the rule "settle" again: its delete must have reached SCR first
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
    }

    @Test
    void aStartupTransientIsShownButNeverAlarmed() throws Exception {
        FailoverCoordinator coordinator = restartCoordinatorWithSettle(2);
        Instant started = Instant.now();
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.DEGRADED, 1000);

        Thread.sleep(500);
        probe.set(Health.up(Instant.now()));
        Fixture.healthChanged(eventAdmin, "settle.probe");
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 1000);
        assertThat(Instant.now()).as("still within the settle time").isBefore(started.plusMillis(1900));

        Message state = uplink.await(m -> m.metrics().containsKey("findings"), 5000);
        assertThat(state.metrics().get("state")).isEqualTo("NORMAL");
        assertThat(state.priority()).isEqualTo(Priority.EVENT);
        Thread.sleep(500);
        assertThat(alarms()).as("alarms sent for a start-up transient").isEmpty();
        assertThat(uplink.messages()).filteredOn(m -> m.metrics().containsKey("findings"))
                .as("the state goes out once, when the settle time ends, not on each change during it").hasSize(1);
    }

    @Test
    void aConditionThatOutlastsTheSettleTimeActsWhenItEnds() throws Exception {
        FailoverCoordinator coordinator = restartCoordinatorWithSettle(3);
        Instant started = Instant.now();
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.DEGRADED, 1000);
        Thread.sleep(1000);
        assertThat(alarms()).as("no alarm within the settle time").isEmpty();

        Message alarm = uplink.await(m -> m.priority() == Priority.ALARM && m.payload().contains("settle-itest"), 10_000);
        assertThat(Instant.now()).as("the alarm came when the settle time ended").isAfter(started.plusMillis(2500));
        assertThat(alarm.payload()).contains("settle-itest");
        assertThat(uplink.messages()).filteredOn(m -> m.metrics().containsKey("findings")).hasSize(1)
                .first().satisfies(m -> assertThat(m.metrics().get("state")).isEqualTo("DEGRADED"));
    }

    private List<Message> alarms() {
        return uplink.messages().stream().filter(m -> m.priority() == Priority.ALARM).toList();
    }

    /**
     * A configuration change activates a new coordinator, as a start of the gateway would. The uplink comes right
     * after it: the coordinator before (no settle time) may have alarmed about the probe, into no uplink.
     */
    private FailoverCoordinator restartCoordinatorWithSettle(int seconds) throws Exception {
        Thread.sleep(300); // the rule reaches the current coordinator asynchronously
        ServiceReference<FailoverCoordinator> before = context.getServiceReference(FailoverCoordinator.class);
        long id = before == null ? -1 : (Long) before.getProperty("service.id");
        configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?")
                .update(Fixture.coordinatorConfig("startup.settle.seconds", seconds));
        ServiceReference<FailoverCoordinator> ref = Fixture.awaitCoordinator(context, id, 10_000);
        uplinkRegistration = Fixture.register(context, uplink, Uplink.class);
        return context.getService(ref);
    }
}
