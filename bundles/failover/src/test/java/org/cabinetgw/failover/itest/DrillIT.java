package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Drills against a link manager and an uplink that switch with real delays and post the real events:
 * a drill passes and is recorded; one started while DEGRADED is refused; one during which the cabinet degrades
 * is aborted; none leaves a link forced down or MQTT suspended. Also through HTTP POST.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class DrillIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 5000)
    EventAdmin eventAdmin;
    @InjectService(timeout = 5000)
    org.osgi.service.cm.ConfigurationAdmin configurationAdmin;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private SimulatedLinks links;
    private SimulatedUplink uplink;
    private Instant testStarted;

    @BeforeEach
    void cabinet() throws Exception {
        testStarted = Instant.now();
        // fail-back hold 600 ms: long enough to degrade the cabinet in the middle of a drill
        links = new SimulatedLinks(eventAdmin, 150, 600);
        uplink = new SimulatedUplink(eventAdmin, 120);
        registrations.add(Fixture.register(context, links, LinkManager.class));
        registrations.add(Fixture.register(context, uplink, UplinkControl.class, UplinkStatus.class));
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
        Thread.sleep(200); // both services bound
    }

    @AfterEach
    void restore() throws Exception {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        links.close();
        uplink.close();
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 5000);
    }

    @Test
    void aLinkDrillPassesAndIsRecorded() throws Exception {
        try (EventLog log = new EventLog(context, FailoverEvents.DRILL_FINISHED, FailoverEvents.LINK_FAILOVER)) {
            DrillResult r = coordinator.drill(DrillKind.LINK);

            assertThat(r.outcome()).as(r.detail()).isEqualTo(DrillResult.Outcome.PASSED);
            assertThat(r.failoverMillis()).isBetween(140L, 2000L);
            assertThat(r.failbackMillis()).isBetween(550L, 3000L); // the 600 ms hold, give or take clock granularity
            assertThat(links.anyForced()).isFalse();
            assertThat(links.activeLink().orElseThrow().name()).isEqualTo("wired");
            Event finished = log.await(FailoverEvents.DRILL_FINISHED, e -> true, 2000);
            assertThat(finished.getProperty(FailoverEvents.OUTCOME)).isEqualTo("PASSED");
            // the provoked failover carried its timings like a real one
            Event timings = log.await(FailoverEvents.LINK_FAILOVER, e -> true, 2000);
            assertThat((Long) timings.getProperty(FailoverEvents.FAULT_TO_SWITCH_MILLIS)).isGreaterThanOrEqualTo(150);
        }
        Episode drill = awaitEpisode("drill:link/");
        assertThat(drill.what()).isEqualTo("drill link wired");
        assertThat(drill.outcome()).startsWith("drill passed: failover");
        assertThat(drill.actions()).extracting(EpisodeAction::what).first().isEqualTo("forced wired down");
        assertThat(drill.actions()).extracting(EpisodeAction::what).anyMatch(a -> a.startsWith("route back on wired after"));
        Episode provoked = awaitEpisode("link:wired/");
        assertThat(provoked.what()).isEqualTo("link wired (drill)");
        assertThat(provoked.open()).isFalse();
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 3000);
    }

    @Test
    void anUplinkDrillPassesThroughHttpPost() throws Exception {
        String base = Fixture.baseUrl(context);
        Fixture.awaitHttp(base + "failover", 200, 10_000);
        // A drill takes the uplink away on purpose: without the administrator nothing happens.
        long uplinkDrills = coordinator.history(1000).stream().filter(e -> e.id().startsWith("drill:uplink/")).count();
        assertThat(Fixture.http("POST", base + "failover/drill/uplink", null).status()).isEqualTo(401);
        assertThat(Fixture.http("POST", base + "failover/drill/uplink", "admin:guess").status()).isEqualTo(401);
        assertThat(coordinator.history(1000).stream().filter(e -> e.id().startsWith("drill:uplink/")).count())
                .isEqualTo(uplinkDrills);
        assertThat(uplink.anySuspended()).isFalse();
        Fixture.Response r = Fixture.http("POST", base + "failover/drill/uplink");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"outcome\":\"PASSED\"", "\"drill\":\"UPLINK\"");
        assertThat(uplink.anySuspended()).isFalse();
        assertThat(uplink.snapshot().activeTransport().name()).isEqualTo("MQTT");
        awaitEpisode("drill:uplink/");
        Fixture.Response history = Fixture.http("GET", base + "failover/history?limit=5");
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body()).startsWith("[").contains("drill uplink MQTT", "\"outageMillis\"");
        assertThat(Fixture.http("GET", base + "failover/history?limit=abc").status()).isEqualTo(400);
        assertThat(Fixture.http("POST", base + "failover/drill/power").status()).isEqualTo(400);
    }

    @Test
    void aDrillWhileDegradedIsRefusedAndTouchesNothing() throws Exception {
        ServiceRegistration<HealthContributor> webcam = Fixture.contributor(context, "webcam",
                () -> Health.degraded("low frame rate", Instant.now()));
        try {
            Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.DEGRADED, 5000);
            DrillResult r = coordinator.drill(DrillKind.LINK);
            assertThat(r.outcome()).isEqualTo(DrillResult.Outcome.REFUSED);
            assertThat(r.detail()).contains("DEGRADED", "webcam DEGRADED: low frame rate")
                    .as("the outcome says REFUSED already").doesNotStartWith("refused");
            assertThat(links.anyForced()).isFalse();
            assertThat(links.activeLink().orElseThrow().name()).isEqualTo("wired");

            String base = Fixture.baseUrl(context);
            Fixture.awaitHttp(base + "failover", 200, 10_000);
            assertThat(Fixture.http("POST", base + "failover/drill/uplink").status()).isEqualTo(409);
            assertThat(uplink.anySuspended()).isFalse();
        } finally {
            webcam.unregister();
        }
    }

    @Test
    void aDrillDuringWhichTheCabinetDegradesIsAbortedAndRestored() throws Exception {
        AtomicReference<Health> fan = new AtomicReference<>(Health.up(Instant.now()));
        ServiceRegistration<HealthContributor> fanHealth = Fixture.contributor(context, "cabinet.fan", fan::get);
        try (EventLog log = new EventLog(context, FailoverEvents.DRILL_STARTED, FailoverEvents.LINK_FAILOVER)) {
            Thread degrader = new Thread(() -> {
                try {
                    // once traffic has moved to cellular, a real fault elsewhere
                    log.await(FailoverEvents.LINK_FAILOVER, e -> true, 5000);
                    fan.set(Health.down("fan stalled", Instant.now()));
                    Fixture.healthChanged(eventAdmin, "cabinet.fan");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "itest-degrader");
            degrader.start();
            DrillResult r = coordinator.drill(DrillKind.LINK);
            degrader.join(5000);

            assertThat(r.outcome()).as(r.detail()).isEqualTo(DrillResult.Outcome.ABORTED);
            assertThat(r.detail()).contains("cabinet.fan DOWN: fan stalled").contains("wired released");
            assertThat(links.anyForced()).isFalse();
            Episode drill = awaitEpisode("drill:link/");
            assertThat(drill.outcome()).startsWith("drill aborted");
        } finally {
            fanHealth.unregister();
        }
    }

    @Test
    void aSecondDrillWhileOneRunsIsRefused() throws Exception {
        AtomicReference<DrillResult> first = new AtomicReference<>();
        try (EventLog log = new EventLog(context, FailoverEvents.DRILL_STARTED)) {
            Thread t = new Thread(() -> {
                try {
                    first.set(coordinator.drill(DrillKind.LINK));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "itest-first-drill");
            t.start();
            log.await(FailoverEvents.DRILL_STARTED, e -> true, 5000);
            DrillResult second = coordinator.drill(DrillKind.UPLINK);
            t.join(10_000);
            assertThat(second.outcome()).isEqualTo(DrillResult.Outcome.REFUSED);
            assertThat(second.detail()).contains("another drill is running");
            assertThat(first.get().outcome()).as(first.get().detail()).isEqualTo(DrillResult.Outcome.PASSED);
        }
        assertThat(links.anyForced()).isFalse();
        assertThat(uplink.anySuspended()).isFalse();
    }

    @Test
    void aCoordinatorStoppedDuringADrillLeavesNothingForcedDown() throws Exception {
        links.close();
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
        // detection takes 10 s: the coordinator is stopped while the drill waits for the failover, link forced down
        links = new SimulatedLinks(eventAdmin, 10_000, 100);
        registrations.add(Fixture.register(context, links, LinkManager.class));
        Thread.sleep(200);
        org.osgi.service.cm.Configuration config = configurationAdmin.getConfiguration(Fixture.COORDINATOR_PID, "?");
        AtomicReference<Object> outcome = new AtomicReference<>();
        try (EventLog log = new EventLog(context, org.cabinetgw.network.NetworkEvents.LINK_CHANGED)) {
            Thread drill = new Thread(() -> {
                try {
                    outcome.set(coordinator.drill(DrillKind.LINK));
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            }, "itest-drill-then-stop");
            drill.start();
            log.await(org.cabinetgw.network.NetworkEvents.LINK_CHANGED,
                    e -> "HELD_DOWN".equals(e.getProperty(org.cabinetgw.network.NetworkEvents.STATE)), 5000);
            assertThat(links.anyForced()).as("wired forced down by the drill; drill so far: %s", outcome.get()).isTrue();

            // a configuration change deactivates this instance of the coordinator
            config.update(Fixture.coordinatorConfig("recheck.seconds", 9));
            drill.join(10_000);

            assertThat(drill.isAlive()).isFalse();
            assertThat(links.anyForced()).as("released when the coordinator stopped").isFalse();
            assertThat(outcome.get()).satisfiesAnyOf(
                    o -> assertThat(o).isInstanceOf(InterruptedException.class),
                    o -> assertThat(o).isInstanceOf(DrillResult.class).extracting("outcome").isEqualTo(DrillResult.Outcome.ABORTED));
        } finally {
            Fixture.restoreCoordinatorDefaults(context, config);
        }
        coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 5000));
    }

    /** The closed episode of this test (started after it began) whose id starts so. */
    private Episode awaitEpisode(String idPrefix) throws InterruptedException {
        // The coordinator registered now: the one the servlet used. The injected one can be an instance a late
        // configuration event of an earlier test has just replaced (a clean-clone run showed its history frozen).
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        for (int i = 0; i < 200; i++) {
            for (Episode e : coordinator.history(20)) {
                if (e.id().startsWith(idPrefix) && !e.open() && !e.firstSeen().isBefore(testStarted)) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no closed episode " + idPrefix + " in " + coordinator.history(20));
    }
}
