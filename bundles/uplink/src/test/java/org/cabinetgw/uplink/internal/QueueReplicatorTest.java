package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.QueueReplicator;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink tells a {@link QueueReplicator} every message it stored (before {@code publish} returns) and every id a
 * real Mosquitto acknowledged; a replicator that throws refuses nothing and stops nothing.
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class QueueReplicatorTest {

    @TempDir
    Path dir;

    /** What the test opened, closed in reverse order after it (JUnit closes an {@code @AutoClose} field). */
    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();

    private UplinkEngine engine(Mosquitto broker) throws Exception {
        UplinkEngine engine = closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() {
                }));
        MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "gw-" + System.nanoTime(), "cab/gw1")
                .withReconnect(100, 1000));
        closeLast.push(t::close);
        t.start();
        engine.addTransport(t);
        return engine;
    }

    @Test
    void everyStoredMessageBeforePublishReturnsAndEveryAcknowledgedId() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(broker);
        List<String> accepted = new CopyOnWriteArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        engine.replicateTo(new QueueReplicator() {
            @Override
            public void accepted(Message message) {
                accepted.add(message.id());
            }

            @Override
            public void acknowledged(List<String> ids) {
                acknowledged.addAll(ids);
            }
        });
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Message m = Message.of("test.source", "replicated", Priority.TELEMETRY, Map.of("n", i));
            engine.publish(m);
            published.add(m.id());
            assertThat(accepted).as("told before publish returned").endsWith(m.id());
        }
        assertThat(accepted).containsExactlyElementsOf(published);
        Set<String> ids = Set.copyOf(published);
        assertThat(sub.awaitIds(ids, 20_000)).containsKeys(ids.toArray(String[]::new));
        long end = System.currentTimeMillis() + 10_000;
        while (!acknowledged.containsAll(ids) && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aThrowingReplicatorRefusesNothing() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(broker);
        engine.replicateTo(new QueueReplicator() {
            @Override
            public void accepted(Message message) {
                throw new IllegalStateException("replica disk gone");
            }

            @Override
            public void acknowledged(List<String> ids) {
                throw new IllegalStateException("replica disk gone");
            }
        });
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Message m = Message.of("test.source", "replicated", Priority.EVENT, Map.of("n", i));
            engine.publish(m);
            sent.add(m);
        }
        Set<String> ids = sent.stream().map(Message::id).collect(Collectors.toSet());
        assertThat(sub.awaitIds(ids, 20_000)).containsKeys(ids.toArray(String[]::new));
        engine.replicateTo(null);
        Message after = Message.of("test.source", "replicated", Priority.EVENT, Map.of("n", 99));
        engine.publish(after);
        assertThat(sub.awaitIds(Set.of(after.id()), 20_000)).containsKey(after.id());
    }
}
