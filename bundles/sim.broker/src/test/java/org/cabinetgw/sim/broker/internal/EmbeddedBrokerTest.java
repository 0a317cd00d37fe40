package org.cabinetgw.sim.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import org.cabinetgw.testing.Await;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** The Moquette configuration this bundle builds, started for real and used by two Paho clients. */
class EmbeddedBrokerTest {

    @Test
    void qos1MessageReachesSubscriberAndIsCountedAndPortIsFreedOnStop() throws Exception {
        int port = ListenPort.resolve("127.0.0.1", 0);
        BrokerSettings settings = new BrokerSettings("127.0.0.1", port, 4096, true);
        ArrivalLog arrivals = new ArrivalLog(true);
        Server server = new Server();
        server.startServer(new MemoryConfig(settings.moquetteProperties()), List.of(arrivals));
        String url = "tcp://127.0.0.1:" + port;
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (MqttClient sub = new MqttClient(url, "sub", new MemoryPersistence());
             MqttClient pub = new MqttClient(url, "pub", new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(5);
            sub.connect(o);
            sub.subscribe("cabinet/#", 1, (topic, m) -> got.add(topic + "=" + new String(m.getPayload(), StandardCharsets.UTF_8)));
            pub.connect(o);
            MqttMessage m = new MqttMessage("hello".getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            pub.publish("cabinet/t", m); // returns after PUBACK
            assertThat(got.poll(10, TimeUnit.SECONDS)).isEqualTo("cabinet/t=hello");
            pub.disconnect();
            sub.disconnect();
        } finally {
            server.stopServer();
        }
        assertThat(arrivals.received()).isEqualTo(1);
        // the same port can be bound again at once: the listener is really closed
        try (java.net.ServerSocket again = new java.net.ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        }
    }

    /** mosquitto_sub without -i sends an empty client id: a demo user's first command must work. */
    @Test
    void aClientWithoutAnIdIsAccepted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of(
                "/usr/bin/mosquitto_sub")), "mosquitto-clients is not installed");
        int port = ListenPort.resolve("127.0.0.1", 0);
        Server server = new Server();
        server.startServer(new MemoryConfig(new BrokerSettings("127.0.0.1", port, 4096, true).moquetteProperties()),
                List.of(new ArrivalLog(true)));
        try {
            Process sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-t", "cabinet/#", "-v", "-C", "1", "-W", "15").redirectErrorStream(true).start();
            try (MqttClient pub = new MqttClient("tcp://127.0.0.1:" + port, "pub", new MemoryPersistence())) {
                pub.connect();
                long end = System.currentTimeMillis() + 10_000;
                while (sub.isAlive() && System.currentTimeMillis() < end) {
                    pub.publish("cabinet/t", "hello".getBytes(StandardCharsets.UTF_8), 1, false);
                    Thread.sleep(200);
                }
                pub.disconnect();
            }
            String out = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(sub.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("mosquitto_sub without -i").startsWith("cabinet/t hello");
        } finally {
            server.stopServer();
        }
    }

    @Test
    void oversizedPacketClosesOnlyThatClient() throws Exception {
        int port = ListenPort.resolve("127.0.0.1", 0);
        Server server = new Server();
        server.startServer(new MemoryConfig(new BrokerSettings("127.0.0.1", port, 1024, false).moquetteProperties()),
                List.of(new ArrivalLog(false)));
        String url = "tcp://127.0.0.1:" + port;
        try (MqttClient big = new MqttClient(url, "big", new MemoryPersistence());
             MqttClient small = new MqttClient(url, "small", new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(5);
            big.setTimeToWait(5000);
            big.connect(o);
            small.connect(o);
            MqttMessage m = new MqttMessage(new byte[4096]);
            m.setQos(1);
            try {
                big.publish("cabinet/big", m);
            } catch (org.eclipse.paho.client.mqttv3.MqttException expected) {
                // the broker drops the connection instead of acknowledging
            }
            Await.until("the oversized sender disconnected", Duration.ofSeconds(10), () -> !big.isConnected());
            MqttMessage ok = new MqttMessage("fine".getBytes(StandardCharsets.UTF_8));
            ok.setQos(1);
            small.publish("cabinet/small", ok);
            assertThat(small.isConnected()).isTrue();
            small.disconnect();
        } finally {
            server.stopServer();
        }
    }
}
