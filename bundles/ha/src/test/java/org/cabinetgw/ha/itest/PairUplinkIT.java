package org.cabinetgw.ha.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.Role;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkStatus;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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

    @Test
    void theMqttTransportRunsOnTheActiveNodeOnly() throws Exception {
        assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        Path dir = Files.createTempDirectory("ha-uplink-it");
        List<String> arrived = new CopyOnWriteArrayList<>();
        try (LocalMosquitto broker = new LocalMosquitto(dir).start();
                MqttClient sub = new MqttClient(broker.uri(), "it-subscriber", new MemoryPersistence())) {
            sub.connect();
            sub.subscribe("cab/ha/#", 1, (topic, m) -> arrived.add(new String(m.getPayload())));
            configure("org.cabinetgw.uplink", Map.of("data.directory", dir.resolve("data").toString()));
            configure("org.cabinetgw.uplink.mqtt", Map.of("server.uri", broker.uri(), "client.id", "cabinet-it",
                    "topic.prefix", "cab/ha", "reconnect.initial.millis", 100,
                    "osgi.ds.satisfying.condition.target", "(osgi.condition.id=" + HaPair.ACTIVE_CONDITION + ")"));
            configurePair("STAY_STANDBY");
            await(() -> role() == Role.STANDBY, "STANDBY");
            Uplink uplink = service(Uplink.class);
            Message m = Message.of("it", "it/pair", Priority.EVENT, Map.of("n", 1));
            uplink.publish(m);
            Thread.sleep(3000);
            assertThat(arrived).as("nothing from a standby").isEmpty();
            assertThat(service(UplinkStatus.class).snapshot().activeTransport()).isNotEqualTo(TransportKind.MQTT);

            configurePair("TAKE_OVER");
            await(() -> role() == Role.ACTIVE, "ACTIVE");
            await(() -> arrived.stream().anyMatch(p -> p.contains(m.id())), "the queued message at the broker");
            assertThat(service(UplinkStatus.class).snapshot().activeTransport()).isEqualTo(TransportKind.MQTT);
            sub.disconnect();
        } finally {
            for (String pid : new String[] {"org.cabinetgw.uplink.mqtt", "org.cabinetgw.uplink", "org.cabinetgw.ha"}) {
                cm.getConfiguration(pid, "?").delete();
            }
            ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        }
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        cm.getConfiguration(pid, "?").update(new Hashtable<>(values));
    }

    private void configurePair(String standbyWhenIsolated) throws Exception {
        int[] ports = new int[4];
        for (int i = 0; i < 4; i++) {
            try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                ports[i] = s.getLocalPort();
            }
        }
        configure("org.cabinetgw.ha", Map.of("pair.id", "cabinet-it", "node.id", "gw-it",
                "paths", new String[] {"lan;127.0.0.1:" + ports[0] + ";127.0.0.1:" + ports[1],
                        "cable;127.0.0.1:" + ports[2] + ";127.0.0.1:" + ports[3]},
                "pair.key", "in-framework-pair-key", "startup.wait.ms", 300,
                "standby.when.isolated", standbyWhenIsolated));
    }

    private Role role() {
        var ref = context.getServiceReference(HaPair.class);
        return ref == null ? null : context.getService(ref).status().role();
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        await(() -> context.getServiceReference(type) != null, type.getSimpleName());
        return context.getService(context.getServiceReference(type));
    }

    private static void await(BooleanSupplier c, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 20_000;
        while (!c.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
