package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The mains outage with the real power bundle: three meters (SDM630 on mains, SunSpec on the generator, a UPS)
 * polled over Modbus TCP from the power simulator, the real power-state component, and the coordinator. The
 * simulator is driven as an operator would with {@code power:sim}. Runs in test-cabinet.bndrun; skipped
 * elsewhere.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class RealPowerOutageIT {

    static final String NON_CRITICAL = "org.cabinetgw.failover.itest.video";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    private final List<Configuration> configs = new ArrayList<>();

    @BeforeEach
    void cabinet() throws Exception {
        assumeTrue(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).anyMatch("org.cabinetgw.sim.power"::equals),
                "the power simulator is not in this run (test-cabinet.bndrun runs this test)");
        int mains = freePort();
        int generator = freePort();
        int ups = freePort();
        configure(cm.getConfiguration("org.cabinetgw.sim.power", "?"), "mains.port", mains, "generator.port", generator,
                "ups.port", ups);
        awaitSimulator(mains);
        configure(cm.getConfiguration("org.cabinetgw.power.state", "?"), "evaluation.millis", 50, "loss.delay.millis", 300,
                "restore.delay.millis", 1000);
        meter("mains", "MAINS", mains, "SDM630");
        meter("generator", "GENERATOR", generator, "SUNSPEC");
        meter("ups", "UPS", ups, "UPS_GENERIC");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configs) {
            c.delete();
        }
    }

    @Test
    void theMainsOutageAsTheCabinetLivesIt() throws Exception {
        Instant started = Instant.now();
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        RecordingUplink uplink = new RecordingUplink();
        ServiceRegistration<?> u = Fixture.register(context, uplink, Uplink.class);
        Bundle video = Fixture.install(context, NON_CRITICAL);
        Configuration rule = cm.getFactoryConfiguration(Fixture.RULE_FACTORY, "shed", "?");
        configs.add(rule);
        configure(rule, "name", "shed load", "condition", "BATTERY_LOW", "actions", new String[] { "ALARM", "STOP_BUNDLES" },
                "bundles", new String[] { NON_CRITICAL }, "min.interval.seconds", 0);
        try (EventLog log = new EventLog(context, FailoverEvents.CABINET_CHANGED, FailoverEvents.ACTION,
                FailoverEvents.EPISODE_ENDED)) {
            // meters read, mains live: NORMAL (a stopped generator is no lost redundancy)
            Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL && !coordinator.history(1).isEmpty()
                    || s.state() == CabinetState.NORMAL, 20_000);
            awaitPowerOnMains();
            log.clear();

            // mains fails; once the power state has declared it lost (loss delay), the UPS reports on battery
            sim("mains", "off");
            awaitMainsLost();
            sim("ups", "battery");
            Event onBattery = log.await(FailoverEvents.CABINET_CHANGED, e -> String.valueOf(e.getProperty(FailoverEvents.SUMMARY))
                    .startsWith("on UPS battery, "), 10_000);
            assertThat(onBattery.getProperty(FailoverEvents.STATE)).isEqualTo("DEGRADED");
            assertThat((String) onBattery.getProperty(FailoverEvents.SUMMARY)).matches("on UPS battery, \\d+ min left");

            sim("ups", "charge", "20");
            Event low = log.await(FailoverEvents.CABINET_CHANGED, e -> "CRITICAL".equals(e.getProperty(FailoverEvents.STATE)), 10_000);
            assertThat((String) low.getProperty(FailoverEvents.SUMMARY)).startsWith("UPS battery low, ");
            log.await(FailoverEvents.ACTION, e -> "STOP_BUNDLES".equals(e.getProperty(FailoverEvents.ACTION_KIND)), 5000);
            assertThat(video.getState()).isEqualTo(Bundle.RESOLVED);
            uplink.await(m -> m.priority() == Priority.ALARM && m.payload().contains("shed load: UPS battery low"), 5000);

            // the generator starts; once the power state sees it live, the transfer switch feeds from it
            sim("generator", "on");
            awaitSource(org.cabinetgw.power.MeterRole.GENERATOR, org.cabinetgw.power.SourceState.AVAILABLE);
            sim("ups", "line");
            log.await(FailoverEvents.CABINET_CHANGED, e -> "on generator (mains lost)".equals(e.getProperty(FailoverEvents.SUMMARY)), 10_000);
            log.await(FailoverEvents.ACTION, e -> "START_BUNDLES".equals(e.getProperty(FailoverEvents.ACTION_KIND)), 5000);
            Thread.sleep(1500); // the power state settles (restore delay 1 s): the bundle must stay started
            assertThat(video.getState()).as("%s", log.all().stream().map(e -> e.getTopic().substring(23) + " "
                    + e.getProperty(FailoverEvents.SUMMARY) + " " + e.getProperty(FailoverEvents.ACTION_KIND)).toList())
                    .isEqualTo(Bundle.ACTIVE);

            sim("mains", "on");
            log.await(FailoverEvents.CABINET_CHANGED, e -> "NORMAL".equals(e.getProperty(FailoverEvents.STATE)), 10_000);
            Event ended = log.await(FailoverEvents.EPISODE_ENDED, e -> "mains".equals(e.getProperty(FailoverEvents.WHAT)), 5000);
            sim("generator", "off");

            Episode e = coordinator.history(20).stream().filter(x -> x.id().equals(ended.getProperty(FailoverEvents.EPISODE)))
                    .findFirst().orElseThrow();
            String trace = e + "\n" + log.all().stream().map(x -> x.getTopic().substring(23) + " " + x.getProperty(FailoverEvents.STATE)
                    + " " + x.getProperty(FailoverEvents.SUMMARY) + " " + x.getProperty(FailoverEvents.WHAT)).toList();
            assertThat(e.firstSeen()).isAfter(started);
            // the UPS reporting "on battery" is declared at once (no loss delay applies to it)
            assertThat(e.detection()).hasValueSatisfying(d -> assertThat(d.toMillis()).isBetween(0L, 3000L));
            assertThat(e.outage().orElseThrow().toMillis()).as("mains off to back on mains, incl. the 1 s restore delay: %s", trace)
                    .isGreaterThanOrEqualTo(1000L);
            List<String> actions = e.actions().stream().map(EpisodeAction::what).toList();
            assertThat(actions).containsSubsequence("on UPS battery", "stopped " + NON_CRITICAL + " (shed load)",
                    "started " + NON_CRITICAL + " again (shed load)");
            // the coordinator reads the power status live, so a rule may act before the state's event is in
            assertThat(actions).contains("UPS battery low", "on generator");
            assertThat(actions).anyMatch(a -> a.startsWith("transferred to generator in "));
            assertThat(e.outcome()).isEqualTo("restored");
        } finally {
            u.unregister();
            video.uninstall();
        }
    }

    private void awaitMainsLost() throws Exception {
        awaitSource(org.cabinetgw.power.MeterRole.MAINS, org.cabinetgw.power.SourceState.LOST);
    }

    private void awaitSource(org.cabinetgw.power.MeterRole role, org.cabinetgw.power.SourceState state) throws Exception {
        org.cabinetgw.power.PowerMonitor monitor = (org.cabinetgw.power.PowerMonitor) context.getService(
                context.getServiceReference("org.cabinetgw.power.PowerMonitor"));
        for (int i = 0; i < 400; i++) {
            if (monitor.status().sources().get(role) == state) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError(role + " never " + state + ": " + monitor.status());
    }

    private void awaitPowerOnMains() throws Exception {
        ServiceReference<?> ref = null;
        for (int i = 0; i < 400 && ref == null; i++) {
            ref = context.getServiceReference("org.cabinetgw.power.PowerMonitor");
            Thread.sleep(25);
        }
        assertThat(ref).as("PowerMonitor").isNotNull();
        org.cabinetgw.power.PowerMonitor monitor = (org.cabinetgw.power.PowerMonitor) context.getService(ref);
        for (int i = 0; i < 400; i++) {
            if (monitor.status().state() == org.cabinetgw.power.PowerState.ON_MAINS) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("power never ON_MAINS: " + monitor.status() + components());
    }

    /** The power bundles' DS components and their state, so a failure says which did not come up. */
    private String components() {
        StringBuilder b = new StringBuilder("\ncomponents:");
        ServiceReference<org.osgi.service.component.runtime.ServiceComponentRuntime> ref =
                context.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
        org.osgi.service.component.runtime.ServiceComponentRuntime scr = context.getService(ref);
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("org.cabinetgw.")) {
                for (var d : scr.getComponentDescriptionDTOs(bundle)) {
                    for (var c : scr.getComponentConfigurationDTOs(d)) {
                        b.append("\n  ").append(d.name).append(" state ").append(c.state);
                        for (var u : c.unsatisfiedReferences) {
                            b.append(" unsatisfied ").append(u.name);
                        }
                        if (c.failure != null) {
                            b.append(" failure ").append(c.failure.lines().findFirst().orElse(""));
                        }
                    }
                }
            }
        }
        return b.toString();
    }

    private void meter(String name, String role, int port, String preset) throws IOException {
        configure(cm.createFactoryConfiguration("org.cabinetgw.power.meter", "?"), "meter.name", name, "meter.role", role,
                "transport", "TCP", "host", "127.0.0.1", "port", port, "preset", preset, "poll.millis", 100,
                "timeout.millis", 1000, "retries", 1, "max.backoff.millis", 200);
    }

    private void configure(Configuration c, Object... kv) throws IOException {
        Fixture.configure(configs, c, kv);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitSimulator(int port) throws Exception {
        String status = "";
        for (int i = 0; i < 200; i++) {
            try {
                status = sim("status");
                if (status.contains("on port " + port)) {
                    return;
                }
            } catch (AssertionError | ReflectiveOperationException e) {
                status = e.toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the power simulator did not come up on port " + port + ": " + status);
    }

    /** The simulator's Gogo command {@code power:sim}, called as Gogo calls it. */
    private String sim(String... words) throws Exception {
        ServiceReference<?>[] refs = null;
        for (int i = 0; i < 200 && (refs == null || refs.length == 0); i++) {
            refs = context.getServiceReferences((String) null, "(osgi.command.scope=power)");
            if (refs == null) {
                Thread.sleep(25);
            }
        }
        if (refs == null || refs.length == 0) {
            throw new AssertionError("no power:sim command");
        }
        Object service = context.getService(refs[0]);
        try {
            Method m = service.getClass().getMethod("sim", String[].class);
            String out = (String) m.invoke(service, (Object) words);
            if (!words[0].equals("status") && !out.startsWith("ok")) {
                throw new AssertionError("power:sim " + String.join(" ", words) + " -> " + out);
            }
            return out;
        } finally {
            context.ungetService(refs[0]);
        }
    }
}
