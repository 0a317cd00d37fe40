package org.cabinetgw.sim.broker.itest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Shared steps of the broker's in-framework tests: configuration, health, a real MQTT round trip. */
final class BrokerFixture {

    static final String PID = "org.cabinetgw.sim.broker";
    static final String BSN = "org.cabinetgw.sim.broker";

    private BrokerFixture() {
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Dictionary<String, Object> props(int port) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("host", "127.0.0.1");
        p.put("port", port);
        return p;
    }

    /** The broker's health report, or null while its component is not registered. */
    static Health health(BundleContext context) throws InvalidSyntaxException {
        Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                "(" + HealthContributor.COMPONENT + "=sim.broker)");
        if (refs.isEmpty()) {
            return null;
        }
        ServiceReference<HealthContributor> ref = refs.iterator().next();
        HealthContributor c = context.getService(ref);
        try {
            return c == null ? null : c.health();
        } finally {
            context.ungetService(ref);
        }
    }

    static Health awaitUp(BundleContext context, int port, long timeoutMs) throws Exception {
        return Await.until("the broker UP on port " + port, Duration.ofMillis(timeoutMs), () -> health(context),
                h -> h != null && h.state() == HealthState.UP && h.reason().endsWith(":" + port));
    }

    static boolean awaitPortFree(int port, long timeoutMs) throws InterruptedException {
        return Await.within(Duration.ofMillis(timeoutMs), () -> portFree(port), free -> free).orElse(false);
    }

    /**
     * A subscriber and a publisher, both real Paho clients: the publisher sends at QoS 1 (publish returns
     * after the broker's PUBACK) and the subscriber's copy is returned (null if none within 10 s).
     */
    static String roundTrip(int port, String topic, String payload) throws Exception {
        String url = "tcp://127.0.0.1:" + port;
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        try (MqttClient sub = new MqttClient(url, "itest-sub-" + System.nanoTime(), new MemoryPersistence());
             MqttClient pub = new MqttClient(url, "itest-pub-" + System.nanoTime(), new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setConnectionTimeout(5);
            sub.setTimeToWait(10_000);
            pub.setTimeToWait(10_000);
            sub.connect(o);
            sub.subscribe(topic, 1, (t, m) -> got.add(t + "=" + new String(m.getPayload(), StandardCharsets.UTF_8)));
            pub.connect(o);
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            pub.publish(topic, m);
            String received = got.poll(10, TimeUnit.SECONDS);
            pub.disconnect();
            sub.disconnect();
            return received;
        }
    }

    /** Waits (up to 15 s) until the live thread count is at most {@code limit}; returns the last count. */
    static int threadsSettledTo(int limit) throws InterruptedException {
        int now = liveThreads();
        for (int i = 0; i < 150 && now > limit; i++) {
            Thread.sleep(100);
            now = liveThreads();
        }
        return now;
    }

    static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).count();
    }
}
