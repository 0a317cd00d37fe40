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
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.internal.testing.MqttToMosquitto;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AutoClose;
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

    /**
     * The window of a "nothing more arrives" check: how long a message wrongly let through would take at most to
     * reach the subscriber over loopback (milliseconds on a quiet machine; this allows a loaded one). It cannot be
     * awaited: the assertion is that something does not happen.
     */
    private static final long QUIET_MILLIS = 500;

    /** What the test opened, closed in reverse order after it (JUnit closes an {@code @AutoClose} field). */
    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();
    private final List<String> restrictionEvents = new CopyOnWriteArrayList<>();

    private UplinkEngine engine() throws Exception {
        return closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")), new UplinkEngine.Events() {
            @Override
            public void restrictionChanged(Set<Priority> allowed, String reason) {
                restrictionEvents.add(allowed + " " + reason);
            }
        }));
    }

    private MqttTransport mqtt(Mosquitto broker) throws Exception {
        return MqttToMosquitto.started(broker, closeLast);
    }

    private static Message publish(UplinkEngine engine, int i, Priority p) throws Exception {
        Message m = Message.of("test.source", "restricted", p, Map.of("n", i));
        engine.publish(m);
        return m;
    }

    @Test
    void onlyAlarmsGoOutWhileRestrictedThenTheRestInOrder() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
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
        Thread.sleep(QUIET_MILLIS);
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
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine();
        engine.setMetered(true); // defaults let ALARM and EVENT out on a metered link
        engine.restrict(EnumSet.of(Priority.EVENT, Priority.TELEMETRY), "test");
        engine.addTransport(mqtt(broker));
        Message alarm = publish(engine, 0, Priority.ALARM);
        Message event = publish(engine, 1, Priority.EVENT);
        Message telemetry = publish(engine, 2, Priority.TELEMETRY);
        assertThat(sub.awaitIds(Set.of(event.id()), 10_000)).containsKey(event.id());
        Thread.sleep(QUIET_MILLIS);
        assertThat(sub.countsById()).containsOnlyKeys(event.id());
        engine.unrestrict();
        assertThat(sub.awaitIds(Set.of(alarm.id()), 10_000)).containsKey(alarm.id());
        Thread.sleep(QUIET_MILLIS);
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
