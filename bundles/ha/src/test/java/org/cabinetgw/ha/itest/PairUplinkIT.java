package org.cabinetgw.ha.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.Role;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LdapFilters;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkStatus;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The real uplink joins the pair by configuration: its MQTT transport, with
 * {@code osgi.ds.satisfying.condition.target=(osgi.condition.id=cabinetgw.active)}, does not run while this node is
 * STANDBY (a message published there is queued, nothing reaches the broker) and starts when it becomes ACTIVE (the
 * queued message arrives). Without that setting it runs as always (the uplink's own tests).
 */
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class PairUplinkIT {

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;
    private PairFixture pair;

    @BeforeEach
    void fixture() {
        pair = new PairFixture(context, cm);
    }

    @Test
    void theMqttTransportRunsOnTheActiveNodeOnly() throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        Path dir = Files.createTempDirectory("ha-uplink-it");
        List<String> arrived = new CopyOnWriteArrayList<>();
        try (LocalMosquitto broker = new LocalMosquitto(dir).start();
                MqttClient sub = new MqttClient(broker.uri(), "it-subscriber", new MemoryPersistence())) {
            sub.connect();
            sub.subscribe("cab/ha/#", 1, (topic, m) -> arrived.add(new String(m.getPayload())));
            // the pair first: a node without a pair is standalone, so active, and a transport configured before
            // would connect and, demoted a moment later, rightly say "offline" (a CI run saw that race)
            pair.configurePair("STAY_STANDBY");
            PairFixture.await(() -> pair.role() == Role.STANDBY, "STANDBY");
            pair.configure("org.cabinetgw.uplink", Map.of("data.directory", dir.resolve("data").toString()));
            pair.configure("org.cabinetgw.uplink.mqtt", Map.of("server.uri", broker.uri(), "client.id", "cabinet-it",
                    "topic.prefix", "cab/ha", "reconnect.initial.millis", 100,
                    "osgi.ds.satisfying.condition.target", "(osgi.condition.id=" + HaPair.ACTIVE_CONDITION + ")"));
            // the uplink configured here: the default one may still be registered for a moment
            String configured = LdapFilters.equal("data.directory", dir.resolve("data").toString());
            Uplink uplink = pair.service(Uplink.class, configured);
            Message m = Message.of("it", "it/pair", Priority.EVENT, Map.of("n", 1));
            uplink.publish(m);
            Thread.sleep(3000);
            assertThat(arrived).as("nothing from a standby").isEmpty();
            assertThat(pair.service(UplinkStatus.class, configured).snapshot().activeTransport())
                    .isNotEqualTo(TransportKind.MQTT);

            pair.configurePair("TAKE_OVER");
            PairFixture.await(() -> pair.role() == Role.ACTIVE, "ACTIVE");
            PairFixture.await(() -> arrived.stream().anyMatch(p -> p.contains(m.id())), "the queued message at the broker");
            assertThat(pair.service(UplinkStatus.class, configured).snapshot().activeTransport())
                    .isEqualTo(TransportKind.MQTT);
            sub.disconnect();
        } finally {
            for (String pid : new String[] {"org.cabinetgw.uplink.mqtt", "org.cabinetgw.uplink", "org.cabinetgw.ha"}) {
                cm.getConfiguration(pid, "?").delete();
            }
            ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        }
    }
}
