package org.cabinetgw.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The cloud side of a command-channel test inside the framework: a real Mosquitto ({@link LocalMosquitto}), the
 * uplink's MQTT transport configured through ConfigurationAdmin to connect to it (JSON or Kura's protocol), and a
 * separate MQTT client in the cloud's role that keeps every message it receives. The one fixture of the tests that
 * drive a bundle over the uplink's command channel (conf's CONF-V1, deploy's DEPLOY-V2). Closing it disconnects the
 * cloud, deletes the uplink's configuration (waiting until SCR has acted on it, so the next test may create it again)
 * and kills the broker.
 *
 * <p>Needs Paho ({@code org.eclipse.paho.client.mqttv3}) in the framework, as the uplink does; this bundle imports
 * it optionally, so modules whose tests never use this class do not need it.
 */
public final class CloudOverMqtt implements AutoCloseable {

    /** The uplink's MQTT transport's configuration PID. */
    public static final String UPLINK_MQTT_PID = "org.cabinetgw.uplink.mqtt";

    /** One message the cloud received, with when (System.nanoTime). */
    public record Received(String topic, byte[] payload, long nanos) {
    }

    private final BundleContext context;
    private final ConfigurationAdmin configurationAdmin;
    private final LocalMosquitto broker;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private MqttClient cloud;
    private Configuration uplink;

    private CloudOverMqtt(BundleContext context, ConfigurationAdmin configurationAdmin, LocalMosquitto broker) {
        this.context = context;
        this.configurationAdmin = configurationAdmin;
        this.broker = broker;
    }

    /**
     * The broker started in {@code dir}, the cloud connected as {@code cloudClientId} and subscribed (QoS 1) to
     * {@code subscriptions}, then the uplink's MQTT transport configured with the broker's address, a 100 ms first
     * reconnect delay and {@code uplinkSettings} (e.g. {@link #kuraMode}). What was started is stopped again when
     * a later step fails.
     */
    public static CloudOverMqtt start(BundleContext context, ConfigurationAdmin configurationAdmin, Path dir,
            String cloudClientId, Map<String, Object> uplinkSettings, String... subscriptions) throws Exception {
        CloudOverMqtt c = new CloudOverMqtt(context, configurationAdmin, new LocalMosquitto(dir).start());
        try {
            c.cloud = new MqttClient(c.broker.uri(), cloudClientId, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            c.cloud.connect(o);
            int[] qos = new int[subscriptions.length];
            IMqttMessageListener[] listeners = new IMqttMessageListener[subscriptions.length];
            for (int i = 0; i < subscriptions.length; i++) {
                qos[i] = 1;
                listeners[i] = (topic, m) -> c.received.add(new Received(topic, m.getPayload(), System.nanoTime()));
            }
            c.cloud.subscribe(subscriptions, qos, listeners);

            c.uplink = configurationAdmin.getConfiguration(UPLINK_MQTT_PID, "?");
            Dictionary<String, Object> m = new Hashtable<>();
            m.put("server.uri", c.broker.uri());
            m.put("reconnect.initial.millis", 100);
            uplinkSettings.forEach(m::put);
            c.uplink.update(m);
            return c;
        } catch (Exception | Error e) {
            try {
                c.close();
            } catch (Exception | Error cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The uplink in Kura's protocol (Kapua) for {@code account}, as {@code gatewayClientId}, payloads not gzip'd. */
    public static Map<String, Object> kuraMode(String account, String gatewayClientId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client.id", gatewayClientId);
        m.put("cloud.protocol", "KURA");
        m.put("kura.account.name", account);
        m.put("kura.gzip", false);
        return m;
    }

    public LocalMosquitto broker() {
        return broker;
    }

    /** Every message the cloud received so far, in order. */
    public List<Received> received() {
        return received;
    }

    /** The payload of the last message received on exactly {@code topic}; null when none came. */
    public byte[] last(String topic) {
        byte[] last = null;
        for (Received r : received) {
            if (r.topic().equals(topic)) {
                last = r.payload();
            }
        }
        return last;
    }

    /** Published by the cloud at QoS 1, not retained. */
    public void publish(String topic, byte[] payload) throws Exception {
        cloud.publish(topic, payload, 1, false);
    }

    /**
     * Publishes a request and waits up to {@code wait} for the first message on {@code replyTopic} received after
     * it: its payload, or null when none came (the channel may still be subscribing: ask again). Only a reply to
     * this publication counts, not one to an earlier request with the same topic.
     */
    public byte[] request(String topic, byte[] payload, String replyTopic, Duration wait) throws Exception {
        int before = received.size();
        publish(topic, payload);
        return Await.within(wait, () -> firstAfter(before, replyTopic), r -> r != null).orElse(null);
    }

    private byte[] firstAfter(int index, String topic) {
        for (int i = index; i < received.size(); i++) {
            if (received.get(i).topic().equals(topic)) {
                return received.get(i).payload();
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        try {
            if (cloud != null && cloud.isConnected()) {
                cloud.disconnect();
            }
            if (uplink != null) {
                uplink.delete();
                // the next test creates the PID again: only once SCR has acted on the delete
                ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
            }
        } finally {
            broker.kill();
        }
    }
}
