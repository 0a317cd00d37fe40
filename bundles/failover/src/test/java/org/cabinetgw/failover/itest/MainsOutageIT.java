package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.power.Meter;
import org.cabinetgw.power.PowerMonitor;
import org.cabinetgw.power.PowerState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The mains-outage scenario: mains lost, the UPS bridges, its battery runs low (non-critical bundles are shed,
 * an alarm goes out), the generator takes over (they come back), mains returns. Cabinet states, actions and
 * the history episode are checked, with a real bundle stopped and started and the real Event Admin.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class MainsOutageIT {

    static final String NON_CRITICAL = "org.cabinetgw.failover.itest.noncritical";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void mainsOutageGivesTheExpectedStatesActionsAndHistory() throws Exception {
        RecordingUplink uplink = new RecordingUplink();
        SimulatedPower power = new SimulatedPower(eventAdmin);
        Bundle nonCritical = Fixture.install(context, NON_CRITICAL);
        ServiceRegistration<?> u = Fixture.register(context, uplink, Uplink.class);
        ServiceRegistration<?> pm = Fixture.register(context, power, PowerMonitor.class);
        Dictionary<String, Object> meterProps = new Hashtable<>();
        meterProps.put(Meter.NAME, "ups");
        meterProps.put(Meter.ROLE, "UPS");
        ServiceRegistration<Meter> meter = context.registerService(Meter.class, power.ups, meterProps);
        Configuration rule = configurationAdmin.getFactoryConfiguration(Fixture.RULE_FACTORY, "shed", "?");
        Dictionary<String, Object> r = Fixture.properties("name", "shed load", "condition", "BATTERY_LOW",
                "actions", new String[] { "ALARM", "STOP_BUNDLES" }, "bundles", new String[] { NON_CRITICAL },
                "min.interval.seconds", 0);
        try (EventLog log = new EventLog(context, FailoverEvents.CABINET_CHANGED, FailoverEvents.ACTION,
                FailoverEvents.EPISODE_STARTED, FailoverEvents.EPISODE_ENDED)) {
            rule.update(r);
            Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
            Thread.sleep(300); // the rule service reaches the coordinator asynchronously

            power.set(PowerState.ON_UPS_BATTERY, 1500);
            Event degraded = log.await(FailoverEvents.CABINET_CHANGED, e -> "DEGRADED".equals(e.getProperty(FailoverEvents.STATE)), 5000);
            assertThat((String[]) degraded.getProperty(FailoverEvents.LOST_PREFIX + "POWER")).containsExactly("on UPS battery, 25 min left");
            log.await(FailoverEvents.EPISODE_STARTED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);

            power.set(PowerState.BATTERY_LOW, 240);
            Event critical = log.await(FailoverEvents.CABINET_CHANGED, e -> "CRITICAL".equals(e.getProperty(FailoverEvents.STATE)), 5000);
            assertThat(critical.getProperty(FailoverEvents.SUMMARY)).isEqualTo("UPS battery low, 4 min left");
            log.await(FailoverEvents.ACTION, e -> "STOP_BUNDLES".equals(e.getProperty(FailoverEvents.ACTION_KIND))
                    && NON_CRITICAL.equals(e.getProperty(FailoverEvents.TARGET)), 5000);
            assertThat(nonCritical.getState()).isEqualTo(Bundle.RESOLVED);
            Message alarm = uplink.await(m -> m.priority() == Priority.ALARM && m.payload().contains("shed load"), 5000);
            assertThat(alarm.topic()).isEqualTo("failover/alarm");
            assertThat(ownHealth().state()).isEqualTo(HealthState.DOWN);
            uplink.await(m -> m.topic().equals("failover/cabinet") && "CRITICAL".equals(m.metrics().get("state")), 5000);

            power.set(PowerState.ON_GENERATOR, 1800);
            log.await(FailoverEvents.CABINET_CHANGED, e -> "DEGRADED".equals(e.getProperty(FailoverEvents.STATE))
                    && "on generator (mains lost)".equals(e.getProperty(FailoverEvents.SUMMARY)), 5000);
            log.await(FailoverEvents.ACTION, e -> "START_BUNDLES".equals(e.getProperty(FailoverEvents.ACTION_KIND)), 5000);
            assertThat(nonCritical.getState()).isEqualTo(Bundle.ACTIVE);

            power.set(PowerState.ON_MAINS, 3600);
            log.await(FailoverEvents.CABINET_CHANGED, e -> "NORMAL".equals(e.getProperty(FailoverEvents.STATE)), 5000);
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            assertThat((Long) ended.getProperty(FailoverEvents.OUTAGE_MILLIS)).isGreaterThanOrEqualTo(1500);
            assertThat(ownHealth().state()).isEqualTo(HealthState.UP);

            Episode e = coordinator.history(50).stream().filter(x -> x.id().equals(ended.getProperty(FailoverEvents.EPISODE)))
                    .findFirst().orElseThrow();
            assertThat(e.open()).isFalse();
            assertThat(e.outcome()).isEqualTo("restored");
            assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.toMillis()).isBetween(1400L, 5000L));
            List<String> actions = e.actions().stream().map(EpisodeAction::what).toList();
            assertThat(actions).containsSubsequence("on UPS battery", "UPS battery low",
                    "stopped " + NON_CRITICAL + " (shed load)", "on generator", "started " + NON_CRITICAL + " again (shed load)");
            assertThat(actions).anyMatch(a -> a.startsWith("alarm (shed load): UPS battery low"));
            assertThat(actions).anyMatch(a -> a.startsWith("transferred to generator in"));
        } finally {
            rule.delete();
            meter.unregister();
            pm.unregister();
            u.unregister();
            nonCritical.uninstall();
        }
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
    }

    private org.cabinetgw.health.Health ownHealth() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(HealthContributor.class.getName(),
                "(" + HealthContributor.COMPONENT + "=failover.cabinet)");
        assertThat(refs).as("failover.cabinet health contributor").isNotNull().hasSize(1);
        HealthContributor c = (HealthContributor) context.getService(refs[0]);
        try {
            return c.health();
        } finally {
            context.ungetService(refs[0]);
        }
    }

    static String join(String[] a) {
        return a == null ? "" : Arrays.toString(a);
    }
}
