package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.network.LinkManager;
import org.cabinetgw.network.LinkState;
import org.cabinetgw.network.LinkStatus;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LoopbackLinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A link drill against the real network bundle: its link manager with the simulated backend (it decides and
 * posts, it does not touch routes, as on Kura), two links on loopback probing real TCP listeners of the test.
 * Runs in test-network.bndrun; in test.bndrun (no network bundle) it is skipped.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class RealNetworkDrillIT {

    static final String LINK_PID = "org.cabinetgw.network.link";
    static final String MANAGER_PID = "org.cabinetgw.network.manager";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private final List<Configuration> created = new ArrayList<>();
    private final List<ServerSocket> listeners = new ArrayList<>();

    @BeforeEach
    void network() throws Exception {
        assumeTrue(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).anyMatch("org.cabinetgw.network"::equals),
                "the network bundle is not in this run (test-network.bndrun runs this test)");
        Configuration manager = configurationAdmin.getConfiguration(MANAGER_PID, "?");
        Dictionary<String, Object> m = new Hashtable<>();
        m.put("backend", "simulated");
        m.put("failback.hold.seconds", 1);
        manager.update(m);
        created.add(manager);
        link("wired", 1, false);
        link("cellular", 2, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : created) {
            c.delete();
        }
        // the next test creates the manager and the same links again: only once SCR has acted on the deletes
        // (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    @Test
    void aLinkDrillAgainstTheRealLinkManagerPassesAndIsRecorded() throws Exception {
        Instant started = Instant.now();
        FailoverCoordinator coordinator = service(FailoverCoordinator.class);
        LinkManager links = service(LinkManager.class);
        awaitBothLinksUpAndWiredActive(links);
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 10_000);

        try (EventLog log = new EventLog(context, FailoverEvents.LINK_FAILOVER)) {
            DrillResult r = coordinator.drill(DrillKind.LINK);

            assertThat(r.outcome()).as(r.detail()).isEqualTo(DrillResult.Outcome.PASSED);
            assertThat(r.failoverMillis()).isBetween(0L, 5000L);
            assertThat(r.failbackMillis()).as("fail-back hold of 1 s").isGreaterThanOrEqualTo(900L);
            assertThat(links.links()).extracting(LinkStatus::state).doesNotContain(LinkState.HELD_DOWN);
            assertThat(links.activeLink().orElseThrow().name()).isEqualTo("wired");
            assertThat(log.await(FailoverEvents.LINK_FAILOVER, e -> "wired".equals(e.getProperty(FailoverEvents.LINK)), 2000)
                    .getProperty(FailoverEvents.TO_LINK)).isEqualTo("cellular");
        }
        Episode drill = Await.nonNull("the closed drill episode", Duration.ofSeconds(30), () -> coordinator.history(20)
                .stream().filter(e -> e.id().startsWith("drill:link/") && !e.open() && !e.firstSeen().isBefore(started))
                .findFirst().orElse(null));
        assertThat(drill.outcome()).startsWith("drill passed");
        assertThat(drill.actions()).extracting(EpisodeAction::what).contains("forced wired down", "released wired");
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 10_000);
    }

    /**
     * The health rule: wired lost while cellular carries the traffic is DEGRADED for the coordinator and for
     * /health (200), sampled all through the failover; 503 only once no link is left.
     */
    @Test
    void healthIs200DegradedWhileCellularCarriesAnd503OnlyWhenNoLinkIsLeft() throws Exception {
        FailoverCoordinator coordinator = service(FailoverCoordinator.class);
        LinkManager links = service(LinkManager.class);
        awaitBothLinksUpAndWiredActive(links);
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 10_000);
        String health = Fixture.baseUrl(context) + "health";
        Fixture.awaitHttp(health, 200, 10_000);

        listeners.get(0).close(); // wired's probe target gone: wired DOWN, cellular takes over
        List<Integer> statuses = new ArrayList<>();
        Fixture.Response r = null;
        for (int i = 0; i < 400; i++) {
            r = Fixture.http("GET", health, null);
            statuses.add(r.status());
            if (links.activeLink().map(s -> s.name().equals("cellular")).orElse(false)
                    && links.links().get(0).state() == LinkState.DOWN && r.body().contains("covered by cellular")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(links.activeLink().orElseThrow().name()).isEqualTo("cellular");
        assertThat(statuses).as("no 503 during the failover").doesNotContain(503);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"DEGRADED\"").contains("covered by cellular");
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.DEGRADED, 10_000);

        listeners.get(1).close(); // cellular gone too: the gateway cannot reach the cloud
        Fixture.Response down = Fixture.awaitHttp(health, 503, 10_000);
        assertThat(down.body()).contains("\"DOWN\"");
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.CRITICAL, 10_000);
    }

    private void awaitBothLinksUpAndWiredActive(LinkManager links) throws InterruptedException {
        Await.until("both links up with wired active (links " + links.links() + ")", Duration.ofSeconds(60), () -> {
            List<LinkStatus> l = links.links();
            return l.size() == 2 && l.stream().allMatch(s -> s.state() == LinkState.UP)
                    && links.activeLink().map(s -> s.name().equals("wired")).orElse(false);
        });
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        return Await.nonNull("a " + type.getSimpleName() + " service", Duration.ofSeconds(30), () -> {
            ServiceReference<T> ref = context.getServiceReference(type);
            return ref == null ? null : context.getService(ref);
        });
    }

    private void link(String name, int priority, boolean metered) throws IOException {
        ServerSocket s = LoopbackLinks.probeTarget(name);
        listeners.add(s);
        Configuration c = configurationAdmin.getFactoryConfiguration(LINK_PID, name, "?");
        c.update(LoopbackLinks.link(name, priority, metered, s));
        created.add(c);
    }
}
