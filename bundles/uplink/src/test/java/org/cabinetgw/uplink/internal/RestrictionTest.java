package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restriction from outside (the coordinator's "alarms only" on a low battery): only the allowed
 * priorities reach a real Mosquitto; the rest waits in the queue and goes out, in order, once lifted.
 */
// real broker and subscriber processes: a hang must fail this class, not block CI
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class RestrictionTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final List<String> restrictionEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T t) {
        closeLast.add(t);
        return t;
    }

    private UplinkEngine engine() throws Exception {
        return closing(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")), new UplinkEngine.Events() {
            @Override
            public void restrictionChanged(Set<Priority> allowed, String reason) {
                restrictionEvents.add(allowed + " " + reason);
            }
        }));
    }

    private MqttTransport mqtt(Mosquitto broker) throws Exception {
        MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "gw-" + System.nanoTime(), "cab/gw1")
                .withReconnect(100, 1000));
        closing(t::close);
        t.start();
        return t;
    }

    private static Message publish(UplinkEngine engine, int i, Priority p) throws Exception {
        Message m = Message.of("test.source", "restricted", p, Map.of("n", i));
        engine.publish(m);
        return m;
    }

    @Test
    void onlyAlarmsGoOutWhileRestrictedThenTheRestInOrder() throws Exception {
        Mosquitto broker = closing(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closing(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine();
        engine.restrict(EnumSet.of(Priority.ALARM), "UPS battery low");
        engine.addTransport(mqtt(broker));

        List<Message> heldBack = new ArrayList<>();
        List<Message> alarms = new ArrayList<>();
        Priority[] mix = { Priority.TELEMETRY, Priority.ALARM, Priority.EVENT, Priority.TELEMETRY, Priority.ALARM };
        for (int i = 0; i < 50; i++) {
            Priority p = mix[i % mix.length];
            (p == Priority.ALARM ? alarms : heldBack).add(publish(engine, i, p));
        }
        Set<String> alarmIds = ids(alarms);
        assertThat(sub.awaitIds(alarmIds, 10_000)).containsKeys(alarmIds.toArray(String[]::new));
        // give anything wrongly let through time to arrive before checking it did not
        Thread.sleep(500);
        assertThat(sub.countsById().keySet()).isEqualTo(alarmIds);
        assertThat(engine.queued()).isEqualTo(heldBack.size());

        engine.unrestrict();
        Set<String> restIds = ids(heldBack);
        assertThat(sub.awaitIds(restIds, 10_000)).containsKeys(restIds.toArray(String[]::new));
        LinkedHashSet<String> firstSeen = new LinkedHashSet<>();
        sub.received().forEach(e -> firstSeen.add(e.getValue().get("id").getAsString()));
        List<String> afterAlarms = new ArrayList<>(firstSeen);
        afterAlarms.removeAll(alarmIds);
        assertThat(afterAlarms).containsExactlyElementsOf(heldBack.stream().map(Message::id).toList());
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(restrictionEvents).containsExactly("[ALARM] UPS battery low", "[] restriction ended");
    }

    @Test
    void restrictionAndMeteredModeBothApply() throws Exception {
        Mosquitto broker = closing(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closing(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine();
        engine.setMetered(true); // defaults let ALARM and EVENT out on a metered link
        engine.restrict(EnumSet.of(Priority.EVENT, Priority.TELEMETRY), "test");
        engine.addTransport(mqtt(broker));
        Message alarm = publish(engine, 0, Priority.ALARM);
        Message event = publish(engine, 1, Priority.EVENT);
        Message telemetry = publish(engine, 2, Priority.TELEMETRY);
        assertThat(sub.awaitIds(Set.of(event.id()), 10_000)).containsKey(event.id());
        Thread.sleep(500);
        assertThat(sub.countsById()).containsOnlyKeys(event.id());
        engine.unrestrict();
        assertThat(sub.awaitIds(Set.of(alarm.id()), 10_000)).containsKey(alarm.id());
        Thread.sleep(500);
        assertThat(sub.countsById()).doesNotContainKey(telemetry.id());
        engine.setMetered(false);
        assertThat(sub.awaitIds(Set.of(telemetry.id()), 10_000)).containsKey(telemetry.id());
    }

    @Test
    void restrictIsIdempotentAndRefusesAnEmptySet() throws Exception {
        UplinkEngine engine = engine();
        assertThat(engine.restriction()).isEmpty();
        engine.unrestrict(); // nothing to end: no event
        engine.restrict(Set.of(Priority.ALARM), "first");
        engine.restrict(EnumSet.of(Priority.ALARM), "again, same set");
        assertThat(engine.restriction()).containsExactly(Priority.ALARM);
        engine.restrict(EnumSet.of(Priority.ALARM, Priority.EVENT), "wider");
        assertThatThrownBy(() -> engine.restrict(Set.of(), "nothing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> engine.restrict(null, "null")).isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.restriction()).containsExactly(Priority.ALARM, Priority.EVENT);
        engine.unrestrict();
        engine.unrestrict();
        assertThat(engine.restriction()).isEmpty();
        assertThat(restrictionEvents).containsExactly("[ALARM] first", "[ALARM, EVENT] wider",
                "[] restriction ended");
    }

    private static Set<String> ids(List<Message> messages) {
        return new LinkedHashSet<>(messages.stream().map(Message::id).toList());
    }
}
