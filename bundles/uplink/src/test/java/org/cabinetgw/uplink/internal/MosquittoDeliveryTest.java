package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.http.HttpSettings;
import org.cabinetgw.uplink.internal.http.HttpTransport;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.internal.testing.AcknowledgedIds;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.cabinetgw.uplink.internal.testing.MqttToMosquitto;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * The uplink against a real Mosquitto and a real HTTP server; an independent {@code mosquitto_sub}
 * counts what arrived by id. Lost must be 0; duplicates are allowed only as repeats of received ids.
 */
// real broker, subscriber processes and HTTP: a hang must fail this class, not block CI
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class MosquittoDeliveryTest {

    @TempDir
    Path dir;

    /** What the test opened, closed in reverse order after it (JUnit closes an {@code @AutoClose} field). */
    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();
    private final List<String> switchEvents = new CopyOnWriteArrayList<>();

    private UplinkEngine engine(UplinkSettings settings) throws Exception {
        return closeLast.push(new UplinkEngine(settings, new UplinkEngine.Events() {
            @Override
            public void switched(TransportKind from, TransportKind to, String reason, long queued) {
                switchEvents.add(from + "->" + to);
            }
        }));
    }

    private MqttTransport mqtt(Mosquitto broker) throws Exception {
        return MqttToMosquitto.started(broker, closeLast);
    }

    private static Message message(int i, Priority p) {
        return Message.of("test.source", "burst/" + (i % 4), p, Map.of("n", i));
    }

    private static void assertPerTopicOrder(List<Map.Entry<String, JsonObject>> received, List<Message> sent) {
        // after dropping repeats, each topic's ids arrive in the order they were published
        for (int t = 0; t < 4; t++) {
            String topic = "burst/" + t;
            List<String> want = sent.stream().filter(m -> m.topic().equals(topic)).map(Message::id).toList();
            LinkedHashSet<String> firstSeen = new LinkedHashSet<>();
            received.stream().filter(e -> e.getKey().equals("cab/gw1/" + topic))
                    .forEach(e -> firstSeen.add(e.getValue().get("id").getAsString()));
            assertThat(new ArrayList<>(firstSeen)).containsExactlyElementsOf(want);
        }
    }

    @Test
    void burstArrivesCompleteInOrderWithBirthMessage() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        Subscriber status = closeLast.push(new Subscriber(broker, "cab/gw1/status", dir.resolve("status.txt")));
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")));
        engine.addTransport(mqtt(broker));

        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Message m = message(i, Priority.TELEMETRY);
            engine.publish(m);
            sent.add(m);
        }
        Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
        Map<String, Integer> counts = sub.awaitIds(ids, 30_000);
        assertThat(counts.keySet()).containsAll(ids);
        assertThat(ids).containsAll(counts.keySet());
        assertPerTopicOrder(sub.received(), sent);
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(engine.snapshot().delivered()).isGreaterThanOrEqualTo(2000);
        assertThat(java.nio.file.Files.readString(dir.resolve("status.txt"))).contains("\"state\":\"online\"");
        assertThat(switchEvents).containsExactly("NONE->MQTT");
    }

    @Test
    void brokerStoppedAndRestartedMidBurstLosesNothing() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")));
        engine.addTransport(mqtt(broker));

        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            Message m = message(i, Priority.EVENT);
            engine.publish(m);
            sent.add(m);
            if (i == 1000) {
                broker.stop();
            }
            if (i == 2000) {
                broker.start();
            }
        }
        Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
        Map<String, Integer> counts = sub.awaitIds(ids, 60_000);
        assertThat(ids).allMatch(counts::containsKey, "every accepted id arrived");
        assertThat(ids).containsAll(counts.keySet());
        assertPerTopicOrder(sub.received(), sent);
        assertThat(engine.awaitDrained(10_000)).isTrue();
    }

    /** Issue 19: the broker was back for 30 s before the uplink reconnected (back-off capped at a minute). */
    @Test
    void aBrokerThatComesBackIsReconnectedWithinSecondsWhateverTheBackOff() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        // a back-off of a minute from the first failure: only the probe can make the reconnect fast
        MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "gw-" + System.nanoTime(), "cab/gw1")
                .withReconnect(60_000, 60_000));
        closeLast.push(t::close);
        t.start();
        waitFor(t::ready, 10_000);
        broker.stop();
        waitFor(() -> !t.ready(), 10_000);
        Thread.sleep(3_000); // the first reconnect failed: the transport waits out its minute
        broker.start();
        long back = System.nanoTime();
        waitFor(t::ready, 30_000);
        long millis = (System.nanoTime() - back) / 1_000_000;
        assertThat(millis).as("reconnected %d ms after the broker listened again", millis).isLessThan(5_000);
    }

    @Test
    void brokerGoneForGoodHttpTakesOverThenMqttComesBack() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        CloudHttpServer cloud = closeLast.push(new CloudHttpServer());
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")).withSwitching(1500, 1500)
                .withRetry(50, 500));
        engine.addTransport(mqtt(broker));
        HttpTransport http = new HttpTransport(HttpSettings.of(cloud.uri()));
        closeLast.push(http::close);
        engine.addTransport(http);

        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sent.add(publish(engine, message(i, Priority.TELEMETRY)));
        }
        broker.stop();
        for (int i = 500; i < 1500; i++) {
            sent.add(publish(engine, message(i, Priority.TELEMETRY)));
        }
        waitFor(() -> engine.activeTransport() == TransportKind.HTTP, 15_000);
        assertThat(engine.awaitDrained(20_000)).isTrue();
        assertThat(cloud.acceptedIds()).isNotEmpty();

        broker.start();
        waitFor(() -> engine.activeTransport() == TransportKind.MQTT, 20_000);
        // Every message arrived once the broker is back: over HTTP, or over MQTT to the subscriber. Not before the
        // restart: a message the broker acknowledged just before it stopped is kept in its persistence for the
        // subscriber's session and delivered after the restart (a CI run checked before, and missed a few).
        Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
        Set<String> arrived = Await.until("every message over MQTT or HTTP", Duration.ofSeconds(30), () -> {
            Set<String> a = new HashSet<>(sub.countsById().keySet());
            a.addAll(cloud.acceptedIds().keySet());
            return a;
        }, a -> a.containsAll(ids));
        assertThat(ids).containsAll(arrived);
        List<Message> after = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            after.add(publish(engine, message(i, Priority.ALARM)));
        }
        Set<String> afterIds = new HashSet<>(after.stream().map(Message::id).toList());
        assertThat(sub.awaitIds(afterIds, 20_000).keySet()).containsAll(afterIds);
        assertThat(switchEvents).containsSubsequence("NONE->MQTT", "MQTT->HTTP", "HTTP->MQTT");
    }

    /**
     * Regression for the CI hang: broker killed (SIGKILL, no goodbye) while a burst is in flight and never back.
     * HTTP must take over within the failover time and carry everything the broker had not acknowledged; MQTT must
     * report the loss. What the broker acknowledged (PUBACK at QoS 1) left the gateway's queue by design, and a
     * broker killed before forwarding it to the subscriber (its persistence is written only on a graceful stop)
     * loses it: the broker's loss, which no gateway can know of. This test failed in 1 of 4 runs under load with a
     * block of ids missing at the kill (42 created within 14 ms); held back on purpose (the subscriber stopped for
     * 300 ms at the kill, the broker forwarding one message at a time) it lost 12, every one acknowledged by the
     * broker, none of the rest. The gateway's claim stays whole: every id without a PUBACK (as the MQTT transport
     * reported it to the engine, {@link AcknowledgedIds}) arrived, over MQTT or HTTP.
     */
    @Test
    void brokerKilledMidFlightAndNeverBackHttpTakesOverWithinFailover() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        CloudHttpServer cloud = closeLast.push(new CloudHttpServer());
        long failover = 2_000;
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")).withSwitching(failover, 60_000)
                .withRetry(50, 500));
        MqttTransport mqtt = mqtt(broker);
        AcknowledgedIds pubacked = new AcknowledgedIds(mqtt);
        engine.addTransport(pubacked);
        HttpTransport http = new HttpTransport(HttpSettings.of(cloud.uri()));
        closeLast.push(http::close);
        engine.addTransport(http);
        waitFor(() -> engine.activeTransport() == TransportKind.MQTT && mqtt.ready(), 15_000);

        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            sent.add(publish(engine, message(i, Priority.TELEMETRY)));
            if (i == 1000) {
                broker.kill();
            }
        }
        long killedAt = System.nanoTime();
        waitFor(() -> engine.activeTransport() == TransportKind.HTTP, failover + 8_000);
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(tookMillis).as("HTTP took over %d ms after the kill", tookMillis).isLessThan(failover + 8_000);
        assertThat(mqtt.ready()).as("MQTT must not claim to be ready with the broker gone").isFalse();
        assertThat(engine.awaitDrained(30_000)).isTrue();

        Set<String> arrived = new HashSet<>(sub.countsById().keySet());
        arrived.addAll(cloud.acceptedIds().keySet());
        Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
        Set<String> missing = new HashSet<>(ids);
        missing.removeAll(arrived);
        Set<String> lostByBroker = new HashSet<>(missing);
        lostByBroker.retainAll(pubacked.acknowledged());
        Set<String> lostByGateway = new HashSet<>(missing);
        lostByGateway.removeAll(lostByBroker);
        assertThat(lostByGateway).as("lost by the gateway: never acknowledged by the broker, not over HTTP either "
                + "(%d more acknowledged by the broker and lost in its kill)", lostByBroker.size()).isEmpty();
        assertThat(arrived).as("only ids the gateway sent arrived").isSubsetOf(ids);
        assertThat(cloud.acceptedIds()).isNotEmpty();
        assertThat(switchEvents).containsExactly("NONE->MQTT", "MQTT->HTTP");
    }

    @Test
    void suspendingMqttForADrillMovesTrafficToHttp() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        CloudHttpServer cloud = closeLast.push(new CloudHttpServer());
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")).withSwitching(500, 500));
        engine.addTransport(mqtt(broker));
        HttpTransport http = new HttpTransport(HttpSettings.of(cloud.uri()));
        closeLast.push(http::close);
        engine.addTransport(http);
        waitFor(() -> engine.activeTransport() == TransportKind.MQTT, 10_000);

        engine.suspend(TransportKind.MQTT, "drill");
        waitFor(() -> engine.activeTransport() == TransportKind.HTTP, 10_000);
        Message m = publish(engine, message(1, Priority.ALARM));
        waitFor(() -> cloud.acceptedIds().containsKey(m.id()), 10_000);
        engine.resume(TransportKind.MQTT);
        waitFor(() -> engine.activeTransport() == TransportKind.MQTT, 10_000);
    }

    @Test
    void meteredLinkHoldsTelemetryBackUntilItEnds() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(UplinkSettings.defaults(dir.resolve("uplink")));
        engine.setMetered(true);
        engine.addTransport(mqtt(broker));
        Message telemetry = publish(engine, message(0, Priority.TELEMETRY));
        Message alarm = publish(engine, message(1, Priority.ALARM));
        Message event = publish(engine, message(2, Priority.EVENT));
        assertThat(sub.awaitIds(Set.of(alarm.id(), event.id()), 10_000)).containsKeys(alarm.id(), event.id());
        Thread.sleep(500);
        assertThat(sub.countsById()).doesNotContainKey(telemetry.id());
        assertThat(engine.queued()).isEqualTo(1);
        engine.setMetered(false);
        assertThat(sub.awaitIds(Set.of(telemetry.id()), 10_000)).containsKey(telemetry.id());
    }

    private static Message publish(UplinkEngine engine, Message m) throws Exception {
        engine.publish(m);
        return m;
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        Await.until("the condition", Duration.ofMillis(timeoutMillis), condition::getAsBoolean);
    }
}
