package org.cabinetgw.sim.broker.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cabinetgw.sim.broker.itest.BrokerFixture.*;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The demo broker configured through ConfigurationAdmin, used by real Paho clients, stopped and moved. */
class BrokerIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    @AfterEach
    void removeConfiguration() throws Exception {
        Configuration c = configurationAdmin.getConfiguration(PID, "?");
        c.delete();
        // the next test creates this PID again: only once SCR has acted on the delete (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        // at most 10 s for the broker's health to go; the bundle is started again either way
        Await.within(Duration.ofSeconds(10), () -> health(context) == null, gone -> gone);
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName()) && b.getState() != Bundle.ACTIVE) {
                b.start();
            }
        }
    }

    @Test
    void withoutConfigurationNoBrokerRuns() throws Exception {
        Thread.sleep(500);
        assertThat(health(context)).as("no broker without its configuration (production never starts it)").isNull();
    }

    @Test
    void qos1PublishReachesASubscriber() throws Exception {
        int port = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(port));
        awaitUp(context, port, 10_000);
        assertThat(roundTrip(port, "cabinet/demo/telemetry", "{\"v\":1}")).isEqualTo("cabinet/demo/telemetry={\"v\":1}");
    }

    @Test
    void outOfRangePortIsRefused() throws Exception {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("port", 70_000);
        configurationAdmin.getConfiguration(PID, "?").update(p);
        // reported as every bundle reports a refused setting, naming it; no broker entry, nothing thrown
        assertThat(org.cabinetgw.testing.Refusals.await(context, PID, 10_000).reason())
                .startsWith("configuration refused: port = 70000 is ");
        assertThat(health(context)).as("a component with port 70000 must not be registered").isNull();

        int port = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(port));
        awaitUp(context, port, 10_000); // the corrected configuration starts it
    }

    /** A port another process holds: the broker's entry DOWN naming it, one WARN, no stack trace. */
    @Test
    void aPortAlreadyTakenLeavesTheBrokerDownNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            configurationAdmin.getConfiguration(PID, "?").update(props(taken.getLocalPort()));
            org.cabinetgw.health.Health h = Await.until("the broker's health saying it cannot listen",
                    Duration.ofSeconds(10), () -> health(context), x -> x != null && x.reason().startsWith("cannot listen"));
            assertThat(h.state()).isEqualTo(org.cabinetgw.health.HealthState.DOWN);
            assertThat(h.reason()).startsWith("cannot listen on ").contains(":" + taken.getLocalPort());
        }
        int port = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(port));
        awaitUp(context, port, 10_000); // moved to a free port, it runs
    }

    @Test
    void bundleStopClosesThePortAndItsThreadsAndStartBringsItBack() throws Exception {
        int before = threadsSettledTo(Integer.MAX_VALUE);
        int port = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(port));
        awaitUp(context, port, 10_000);
        assertThat(roundTrip(port, "a/b", "1")).isEqualTo("a/b=1");
        assertThat(portFree(port)).as("broker listening").isFalse();

        Bundle broker = bundle();
        broker.stop();
        assertThat(awaitPortFree(port, 10_000)).as("port %d closed after bundle stop", port).isTrue();
        int after = threadsSettledTo(before);
        assertThat(after).as("threads after the stop (before the broker: %d)", before).isLessThanOrEqualTo(before);

        broker.start();
        awaitUp(context, port, 10_000);
        assertThat(roundTrip(port, "a/b", "2")).isEqualTo("a/b=2");
    }

    @Test
    void configurationUpdateMovesTheBrokerAndFreesTheOldPort() throws Exception {
        int first = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(first));
        awaitUp(context, first, 10_000);
        assertThat(roundTrip(first, "x", "1")).isEqualTo("x=1");

        int second = freePort();
        configurationAdmin.getConfiguration(PID, "?").update(props(second));
        awaitUp(context, second, 10_000);
        assertThat(awaitPortFree(first, 10_000)).as("old port %d closed after the update", first).isTrue();
        assertThat(roundTrip(second, "x", "2")).isEqualTo("x=2");
        assertThat(health(context).state()).isEqualTo(HealthState.UP);
    }

    private Bundle bundle() {
        for (Bundle b : context.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(BSN + " is not installed");
    }
}
