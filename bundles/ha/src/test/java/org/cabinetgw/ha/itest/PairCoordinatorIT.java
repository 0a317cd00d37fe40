package org.cabinetgw.ha.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Episode;
import org.cabinetgw.failover.EpisodeAction;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.failover.FailoverEvents;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.Role;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LocalMosquitto;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The failover coordinator's HARDWARE dimension with the real ha, failover and uplink bundles and a real Mosquitto:
 * a standby that hears no active and has no witness makes the cabinet CRITICAL ("no active gateway known"); once it
 * takes over (the integrator's TAKE_OVER) the cabinet names the missing standby, and the failover history holds the
 * takeover as a HARDWARE episode that ends at the first message the broker acknowledged, with every timing, also in
 * the coordinator's TAKEOVER event.
 */
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class PairCoordinatorIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;
    private PairFixture pair;

    @BeforeEach
    void fixture() {
        pair = new PairFixture(context, cm);
    }
    @InjectService(timeout = 10000)
    FailoverCoordinator coordinator;

    @Test
    void theCabinetNamesWhatThePairLostAndTheHistoryTimesTheTakeover() throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        Path dir = Files.createTempDirectory("ha-coordinator-it");
        List<Map<String, Object>> takeovers = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topic = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, FailoverEvents.TAKEOVER));
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, e -> {
            Map<String, Object> p = new HashMap<>();
            for (String k : e.getPropertyNames()) {
                p.put(k, e.getProperty(k));
            }
            takeovers.add(p);
        }, topic);
        try (LocalMosquitto broker = new LocalMosquitto(dir).start()) {
            pair.configure("org.cabinetgw.uplink", Map.of("data.directory", dir.resolve("data").toString()));
            pair.configure("org.cabinetgw.uplink.mqtt", Map.of("server.uri", broker.uri(), "client.id", "cabinet-it",
                    "topic.prefix", "cab/hw", "reconnect.initial.millis", 100,
                    "osgi.ds.satisfying.condition.target", "(osgi.condition.id=" + HaPair.ACTIVE_CONDITION + ")"));
            pair.configurePair("STAY_STANDBY");
            PairFixture.await(() -> pair.role() == Role.STANDBY, "STANDBY");
            PairFixture.await(() -> hardware().stream().anyMatch(f -> f.severity() == CabinetState.CRITICAL
                    && f.phrase().startsWith("no active gateway known")), "the CRITICAL finding of a standby alone");
            assertThat(coordinator.status().state()).isEqualTo(CabinetState.CRITICAL);
            assertThat(cabinetHealthReason()).contains("no active gateway known");
            // the pair's health components are not named a second time
            assertThat(hardware()).extracting(Finding::phrase).noneMatch(p -> p.startsWith("ha "));

            Message queued = Message.of("it", "it/pair", Priority.EVENT, Map.of("n", 1));
            pair.service(Uplink.class).publish(queued);
            pair.configurePair("TAKE_OVER");
            PairFixture.await(() -> pair.role() == Role.ACTIVE, "ACTIVE");
            PairFixture.await(() -> hardware().stream().anyMatch(f -> f.phrase().startsWith("standby gateway missing")),
                    "the finding 'standby gateway missing'");
            assertThat(hardware()).extracting(Finding::severity).containsOnly(CabinetState.DEGRADED);

            PairFixture.await(() -> !takeovers.isEmpty(), "the coordinator's TAKEOVER event");
            Map<String, Object> t = takeovers.get(0);
            assertThat(t.get(FailoverEvents.CAUSE)).isEqualTo("policy");
            assertThat(t).containsKeys(FailoverEvents.FIRST_SEEN, FailoverEvents.DECLARED, FailoverEvents.CONFIRMED,
                    FailoverEvents.ACTIVE, FailoverEvents.FIRST_ACK);
            long active = (Long) t.get(FailoverEvents.ACTIVE);
            long firstAck = (Long) t.get(FailoverEvents.FIRST_ACK);
            assertThat(firstAck).isGreaterThanOrEqualTo(active);
            assertThat((Long) t.get(FailoverEvents.TAKEOVER_MILLIS)).isGreaterThanOrEqualTo(0);

            Episode e = coordinator.history(50).stream()
                    .filter(x -> x.dimension() == Dimension.HARDWARE && x.id().equals(t.get(FailoverEvents.EPISODE)))
                    .findFirst().orElseThrow(() -> new AssertionError("no takeover episode in " + coordinator.history(50)));
            assertThat(e.open()).isFalse();
            assertThat(e.outcome()).isEqualTo("taken over");
            assertThat(e.restored().toEpochMilli()).isEqualTo(firstAck);
            assertThat(e.actions()).extracting(EpisodeAction::what)
                    .anyMatch(a -> a.startsWith("taken over unconfirmed (standby.when.isolated = TAKE_OVER)"))
                    .anyMatch(a -> a.startsWith("this node ACTIVE, epoch"))
                    .anyMatch(a -> a.startsWith("first message acknowledged by the broker"));
        } finally {
            handler.unregister();
            for (String pid : new String[] {"org.cabinetgw.uplink.mqtt", "org.cabinetgw.uplink", "org.cabinetgw.ha"}) {
                cm.getConfiguration(pid, "?").delete();
            }
            ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        }
        // STANDALONE again: nothing of the pair is lost any more
        PairFixture.await(() -> pair.role() == Role.STANDALONE && hardware().isEmpty(), "no HARDWARE finding when STANDALONE");
    }

    private List<Finding> hardware() {
        return coordinator.status().findings().stream().filter(f -> f.dimension() == Dimension.HARDWARE).toList();
    }

    private String cabinetHealthReason() throws Exception {
        var refs = context.getServiceReferences(HealthContributor.class, "(health.component=failover.cabinet)");
        return context.getService(refs.iterator().next()).health().reason();
    }
}
