package org.cabinetgw.kura.bridge.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.uplink.UplinkStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The real uplink and the real bridge in Felix, with a fake of Kura's cloud publisher registered from the declared
 * interfaces ({@link FakeKuraPublisher}): the uplink's messages go through Kura's publisher, leave the durable queue
 * only when Kura confirms them, nothing is lost when Kura refuses, confirms late or never, or is disconnected; and
 * our own MQTT transport, configured with a broker address this test listens on, never connects while the bridge
 * offers Kura's connection. Named to run before KuraBridgeIT, whose last test takes the Kura API away.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CloudPublisherHandOverIT {

    static final String UPLINK = "org.cabinetgw.uplink";
    static final String MQTT = "org.cabinetgw.uplink.mqtt";
    static final String KURA_CLOUD = "org.cabinetgw.kura.cloud";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Path dir;
    private ServerSocket fakeBroker;
    private final List<Socket> brokerConnections = new CopyOnWriteArrayList<>();
    private Thread acceptor;
    private FakeKuraPublisher kura;
    private ServiceRegistration<?> kuraRegistration;
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(bundle(FakeKuraPublisher.API).getState()).as("Kura API declaration (KuraBridgeIT removes it last)")
                .isEqualTo(Bundle.ACTIVE);
        dir = Files.createTempDirectory("kura-cloud-it");
        // where our own MQTT transport would connect: every connection made is counted
        fakeBroker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!fakeBroker.isClosed()) {
                try {
                    brokerConnections.add(fakeBroker.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        }, "fake-broker-accept");
        acceptor.start();
        kura = new FakeKuraPublisher(bundle(FakeKuraPublisher.API));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("kura.service.pid", "cabinetgw");
        kuraRegistration = context.registerService(FakeKuraPublisher.PUBLISHER, kura.service(), props);
        // generous here (a loaded machine must not time a message out while the test waits); 5 s where a test needs it
        configure(KURA_CLOUD, Map.of("confirm.timeout.seconds", 60));
        configure(UPLINK, Map.of("data.directory", dir.resolve("data").toString()));
        configure(MQTT, Map.of("server.uri", "tcp://127.0.0.1:" + fakeBroker.getLocalPort(), "client.id", "kura-it",
                "reconnect.initial.millis", 100, "connect.timeout.seconds", 2));
        uplinks = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + Uplink.class.getName()
                + ")(data.directory=" + escape(dir.resolve("data").toString()) + "))"), null);
        uplinks.open();
        await("the uplink sends through Kura's publisher", () -> !kura.deliveryListeners.isEmpty()
                && uplinks.getService() != null);
    }

    @AfterEach
    void tearDown() throws Exception {
        Bundle bridge = bundle("org.cabinetgw.kura.bridge");
        if (bridge.getState() != Bundle.ACTIVE) {
            bridge.start();
        }
        uplinks.close();
        if (kuraRegistration != null) {
            kuraRegistration.unregister();
        }
        for (String pid : new String[] { UPLINK, MQTT, KURA_CLOUD }) {
            configurationAdmin.getConfiguration(pid, "?").delete();
        }
        // the next test creates these PIDs again: only once SCR has acted on the deletes (see ConfigurationEvents)
        ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        fakeBroker.close();
        acceptor.join(5000);
        for (Socket s : brokerConnections) {
            s.close();
        }
    }

    @Test
    void messagesGoThroughKurasPublisherAndLeaveTheQueueOnlyWhenKuraConfirmsThem() throws Exception {
        Set<String> ids = publish(40, "power/mains");
        await("Kura's publisher got all 40", () -> kura.timesPublished().keySet().containsAll(ids));
        FakeKuraPublisher.Published first = kura.published.get(0);
        assertThat(first.topic()).isEqualTo("power/mains");
        assertThat(first.metrics().get("v")).isInstanceOf(Double.class);
        assertThat(first.metrics().get("n")).isInstanceOf(Long.class);
        assertThat(first.metrics().get("message.id")).isEqualTo(first.messageId());
        assertThat(status().snapshot().queuedMessages()).as("nothing confirmed: nothing leaves the queue").isEqualTo(40);

        // Kura confirms late, newest first, and once an id that is not ours
        kura.confirm("no-such-id");
        List<FakeKuraPublisher.Published> all = new ArrayList<>(kura.published);
        for (int i = all.size() - 1; i >= 0; i--) {
            kura.confirm(all.get(i).kuraId());
        }
        await("the queue empties", () -> status().snapshot().queuedMessages() == 0);
        assertThat(kura.timesPublished()).as("each message handed to Kura once").allSatisfy((id, n) -> assertThat(n)
                .isEqualTo(1));
        assertThat(brokerConnections).as("our own MQTT never connected").isEmpty();
    }

    @Test
    void refusedDisconnectedAndNeverConfirmedMessagesAreSentAgainAndNoneIsLost() throws Exception {
        // applied in place (the bridge's modified): our own MQTT must not connect while it changes
        configure(KURA_CLOUD, Map.of("confirm.timeout.seconds", 5));
        kura.connectionLost();
        Set<String> whileDown = publish(10, "storage/raid");
        Thread.sleep(500); // an absence: nothing may be handed to a disconnected Kura (cannot be awaited)
        assertThat(kura.published).as("nothing sent while Kura is disconnected").isEmpty();
        assertThat(status().snapshot().queuedMessages()).isEqualTo(10);

        // when Kura is back: every third message is refused once (publish() throws)
        List<String> order = new ArrayList<>(whileDown);
        for (int i = 0; i < order.size(); i += 3) {
            kura.refuseOnce.add(order.get(i));
        }
        kura.connectionEstablished();
        Set<String> confirmed = new HashSet<>();
        await("every message confirmed", () -> confirmAll(confirmed), 60);
        // a refusal makes the uplink send every unconfirmed message again from the oldest (order per topic, as over
        // MQTT): a message Kura already held may go twice, with its id; the receiver drops the copy
        assertThat(kura.timesPublished().keySet()).as("none lost").containsAll(whileDown);

        // one message whose first hand-over Kura never confirms: sent again once the 5 s timeout has passed
        int before = kura.published.size();
        long start = System.nanoTime(); // before the hand-over: its deadline is at least 5 s after this
        String late = publish(1, "storage/raid").iterator().next();
        await("handed to Kura", () -> kura.published.size() > before);
        confirmed.add(kura.published.get(before).kuraId()); // never confirmed
        await("sent again after the timeout and confirmed", () -> confirmAll(confirmed), 60);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("not before the timeout")
                .isGreaterThanOrEqualTo(5000);
        assertThat(kura.timesPublished().get(late)).isEqualTo(2);
        assertThat(brokerConnections).as("our own MQTT never connected").isEmpty();
    }

    @Test
    void withoutKurasPublisherMessagesWaitAndOurMqttConnectsOnlyWhenTheBridgeIsGone() throws Exception {
        kuraRegistration.unregister();
        kuraRegistration = null;
        Set<String> ids = publish(5, "network/link");
        Thread.sleep(500); // an absence (cannot be awaited): no publisher, no connection of our own
        assertThat(status().snapshot().queuedMessages()).isEqualTo(5);
        assertThat(brokerConnections).as("our own MQTT stays idle while the bridge offers Kura's connection").isEmpty();

        Bundle bridge = bundle("org.cabinetgw.kura.bridge");
        bridge.stop();
        await("our own MQTT connects once Kura's connection is no longer offered", () -> !brokerConnections.isEmpty(),
                30);
        bridge.start();
        Socket ours = brokerConnections.get(0);
        ours.setSoTimeout(20_000);
        await("our own MQTT connection closed again when the bridge is back", () -> closedByPeer(ours), 30);

        // Kura's publisher back: what waited is delivered
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("kura.service.pid", "cabinetgw");
        kuraRegistration = context.registerService(FakeKuraPublisher.PUBLISHER, kura.service(), props);
        await("the waiting messages reach Kura", () -> kura.timesPublished().keySet().containsAll(ids), 30);
        for (FakeKuraPublisher.Published p : kura.published) {
            kura.confirm(p.kuraId());
        }
        await("the queue empties", () -> status().snapshot().queuedMessages() == 0);
    }

    /** Confirms every publish not yet in {@code confirmed}; true once the uplink's queue is empty. */
    private boolean confirmAll(Set<String> confirmed) throws Exception {
        for (FakeKuraPublisher.Published p : kura.published) {
            if (confirmed.add(p.kuraId())) {
                kura.confirm(p.kuraId());
            }
        }
        return status().snapshot().queuedMessages() == 0;
    }

    private static boolean closedByPeer(Socket s) {
        try {
            InputStream in = s.getInputStream();
            // Paho's CONNECT bytes first (never answered), then the end of the stream when it gives up
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (IOException e) {
            return true; // reset by the peer: closed as well
        }
    }

    private Set<String> publish(int n, String topic) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> metrics = Map.of("v", 230.5 + i, "n", (long) i);
            Message m = Message.of("kura-it", topic, Priority.EVENT, metrics);
            for (int attempt = 0;; attempt++) {
                try {
                    uplinks.waitForService(10_000).publish(m);
                    break;
                } catch (UplinkRefusedException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            ids.add(m.id());
        }
        return ids;
    }

    private UplinkStatus status() {
        return (UplinkStatus) uplinks.getService();
    }

    private void configure(String pid, Map<String, Object> values) throws Exception {
        Configuration c = configurationAdmin.getConfiguration(pid, "?");
        c.update(new Hashtable<>(values));
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + bsn);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\5c").replace("*", "\\2a").replace("(", "\\28").replace(")", "\\29");
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        await(what, condition, 20);
    }

    private static void await(String what, Callable<Boolean> condition, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
