package org.cabinetgw.uplink.internal.kura;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A fake Kapua, written from the public protocol: subscribes to one account's control ({@code $EDC/<account>/#})
 * and data ({@code <account>/#}) topics on a real Mosquitto, as Kapua's broker connector does, and decodes every
 * message as a KuraPayload. A message it cannot decode, or on a topic outside Kura's layout, is recorded as a
 * violation; {@link #violations()} must stay empty. Its session is persistent and reconnects, so it sees what
 * the broker kept for it across a broker restart.
 */
public final class FakeKapua implements AutoCloseable {

    /** One message as Kapua would see it. */
    public record Received(String topic, KuraPayload payload, byte[] raw) {
    }

    private final String account;
    private final Pattern layout;
    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();

    public FakeKapua(Mosquitto broker, String account) throws Exception {
        this.account = account;
        String a = Pattern.quote(account);
        // control: $EDC/<account>/<client-id>/MQTT/<BIRTH|DC|LWT|APPS> (or an application's topic);
        // data: <account>/<client-id>/<app-id>/<app-topic...>
        // requests (ours), replies and notifications: $EDC/<account>/<client-id>/<APP>/<METHOD|REPLY|NOTIFY>/...
        this.layout = Pattern.compile("(\\$EDC/" + a + "/[^/]+/MQTT/(BIRTH|DC|LWT|APPS))"
                + "|(\\$EDC/" + a + "/[^/]+/(?!MQTT/)[^/]+/(GET|PUT|POST|DEL|EXEC|REPLY|NOTIFY)(/[^/]+)+)"
                + "|(" + a + "/[^/]+/[^/]+(/[^/]+)*)");
        this.client = new MqttClient(broker.uri(), "fake-kapua-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(500);
        o.setMaxInflight(65_000);
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                onMessage(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        client.connect(o);
        // '#' does not match topics that start with '$': the control topics need their own filter
        client.subscribe(new String[] {"$EDC/" + account + "/#", account + "/#"}, new int[] {1, 1});
    }

    private void onMessage(String topic, byte[] raw) {
        if (!layout.matcher(topic).matches()) {
            violations.add("topic outside Kura's layout: " + topic);
        }
        try {
            received.add(new Received(topic, KuraPayloadCodec.decode(raw, 16 * 1024 * 1024), raw));
        } catch (KuraPayloadException e) {
            violations.add(topic + ": " + e.getMessage());
        }
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<String> violations() {
        return new ArrayList<>(violations);
    }

    /** The first message on {@code topic}, waiting up to {@code millis}; fails when none came. */
    public Received await(String topic, long millis) throws InterruptedException {
        return await(r -> r.topic().equals(topic), "a message on " + topic, millis);
    }

    public Received await(Predicate<Received> which, String what, long millis) throws InterruptedException {
        Optional<Received> found = Await.within(Duration.ofMillis(millis),
                () -> received.stream().filter(which).findFirst().orElse(null), r -> r != null);
        if (found.isPresent()) {
            return found.get();
        }
        throw new AssertionError("the fake Kapua saw no " + what + " within " + millis + " ms; it saw "
                + received.stream().map(Received::topic).distinct().toList() + ", violations " + violations);
    }

    /** Waits until every id in {@code ids} arrived as a data message's {@code message.id}. */
    public Set<String> awaitIds(Set<String> ids, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        Set<String> seen = new java.util.HashSet<>();
        while (true) {
            seen.clear();
            for (Received r : received) {
                Object id = r.payload().metric(KuraTelemetry.ID);
                if (id instanceof String s) {
                    seen.add(s);
                }
            }
            if (seen.containsAll(ids) || System.currentTimeMillis() > deadline) {
                return seen;
            }
            Thread.sleep(100);
        }
    }

    /** Sends a request (or anything) as Kapua's console would: QoS 1. */
    public void publish(String topic, byte[] payload) throws Exception {
        client.publish(topic, payload, 1, false);
    }

    public String account() {
        return account;
    }

    @Override
    public void close() throws Exception {
        try {
            client.disconnect(2000);
        } catch (Exception e) {
            // the broker may be gone already
        }
        client.close(true);
    }
}
