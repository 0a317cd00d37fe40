package org.cabinetgw.failover.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkControl;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * An uplink drill against the real uplink bundle: MQTT to a real Mosquitto on a free loopback port, HTTP
 * fallback to a plain HTTP endpoint of this test. The drill suspends MQTT through UplinkControl,
 * HTTP takes over, MQTT comes back. Runs in test-uplink.bndrun; skipped elsewhere and without Mosquitto.
 */
@ExtendWith(CoordinatorTestDefaults.class)
class RealUplinkDrillIT {


    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    private final List<Configuration> configs = new ArrayList<>();
    private LocalMosquitto broker;
    private Path dir;
    private IngestEndpoint ingest;

    @BeforeEach
    void uplink() throws Exception {
        assumeTrue(Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).anyMatch("org.cabinetgw.uplink"::equals),
                "the uplink bundle is not in this run (test-uplink.bndrun runs this test)");
        assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        dir = Files.createTempDirectory("failover-uplink-itest");
        broker = new LocalMosquitto(dir).start();
        int port = broker.port;

        ingest = new IngestEndpoint();

        configure(cm.getConfiguration("org.cabinetgw.uplink", "?"), "data.directory", dir.resolve("queue").toString(),
                "failover.seconds", 1, "failback.hold.seconds", 1, "retry.initial.millis", 50, "retry.max.seconds", 1);
        configure(cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?"), "server.uri", "tcp://127.0.0.1:" + port,
                "client.id", "failover-itest", "reconnect.initial.millis", 50, "reconnect.max.seconds", 1);
        configure(cm.getConfiguration("org.cabinetgw.uplink.http", "?"), "endpoint", ingest.url());
        // in effect, not only stored: the uplink re-activated on this queue with both transports registered
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configs) {
            c.delete();
        }
        // the next test creates these PIDs again: only once SCR has acted on the deletes (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        if (ingest != null) {
            ingest.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anUplinkDrillAgainstTheRealUplinkPassesAndIsRecorded() throws Exception {
        Instant started = Instant.now();
        FailoverCoordinator coordinator = context.getService(Fixture.awaitCoordinator(context, -1, 10_000));
        UplinkStatus status = service(UplinkStatus.class);
        UplinkControl control = service(UplinkControl.class);
        for (int i = 0; i < 400 && status.snapshot().activeTransport() != TransportKind.MQTT; i++) {
            Thread.sleep(25);
        }
        assertThat(status.snapshot().activeTransport()).as("uplink on MQTT before the drill").isEqualTo(TransportKind.MQTT);
        // Neither MQTT being the active transport (true once configured) nor the uplink's health (UP until its
        // first evaluation) says MQTT delivers; a drill begun before it does times a failover that began earlier
        // (695 ms measured with failover.seconds = 1). The broker acknowledging a probe message does.
        service(Uplink.class).publish(Message.of("itest", "itest/probe", Priority.EVENT, Map.<String, Object>of("probe", 1)));
        for (int i = 0; i < 600 && (status.snapshot().delivered() == 0 || status.snapshot().queuedMessages() > 0); i++) {
            Thread.sleep(25);
        }
        assertThat(status.snapshot().queuedMessages()).as("everything delivered over MQTT before the drill").isZero();
        // MQTT is chosen before it has connected: a drill started then would time a failover that began earlier.
        // The uplink is UP only once MQTT delivers.
        HealthContributor uplinkHealth = Fixture.service(context, HealthContributor.class, "(&(" + HealthContributor.COMPONENT + "=uplink)"
                + Fixture.filter("data.directory", dir.resolve("queue").toString()) + ")");
        for (int i = 0; i < 600 && uplinkHealth.health().state() != HealthState.UP; i++) {
            Thread.sleep(25);
        }
        assertThat(uplinkHealth.health().state()).as("uplink UP (MQTT connected) before the drill").isEqualTo(HealthState.UP);
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 15_000);

        DrillResult r = coordinator.drill(DrillKind.UPLINK);

        assertThat(r.outcome()).as(r.detail()).isEqualTo(DrillResult.Outcome.PASSED);
        assertThat(r.failoverMillis()).as("failover.seconds = 1").isBetween(900L, 10_000L);
        assertThat(r.failbackMillis()).as("failback.hold.seconds = 1").isBetween(900L, 20_000L);
        assertThat(control.isSuspended(TransportKind.MQTT)).isFalse();
        assertThat(status.snapshot().activeTransport()).isEqualTo(TransportKind.MQTT);
        Episode drill = null;
        for (int i = 0; i < 200 && drill == null; i++) {
            drill = coordinator.history(20).stream().filter(e -> e.id().startsWith("drill:uplink/") && !e.open()
                    && !e.firstSeen().isBefore(started)).findFirst().orElse(null);
            Thread.sleep(20);
        }
        assertThat(drill).as("drill episode").isNotNull();
        assertThat(drill.actions()).extracting(EpisodeAction::what).contains("suspended MQTT", "resumed MQTT");
        Fixture.awaitStatus(coordinator, s -> s.state() == CabinetState.NORMAL, 15_000);
    }

    /**
     * The service of the uplink this test configured, recognised by its queue directory (DS passes configuration
     * properties on as service properties). Not simply the uplink registered now: configuration reaches DS
     * asynchronously, so that may be the one started with the defaults, about to be replaced, whose status
     * would say NONE for ever.
     */
    private <T> T service(Class<T> type) throws Exception {
        return Fixture.service(context, type, Fixture.filter("data.directory", dir.resolve("queue").toString()));
    }

    private void configure(Configuration c, Object... kv) throws IOException {
        Fixture.configure(configs, c, kv);
    }

}
