package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.internal.testing.MqttToMosquitto;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Metered link with aggregates, end to end through a real Mosquitto, counted by an independent
 * {@code mosquitto_sub}: while metered, alarms, events and one aggregate per (source, topic) and window
 * arrive and raw telemetry does not; once unmetered every raw message arrives (lost = 0).
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class MeteredAggregateMosquittoTest {

    private static final long WINDOW_MILLIS = 2000;
    /**
     * The window of a "nothing more arrives" check: how long a message wrongly let through would take at most to
     * reach the subscriber over loopback (milliseconds on a quiet machine; this allows a loaded one). It cannot be
     * awaited: the assertion is that something does not happen.
     */
    private static final long QUIET_MILLIS = 500;

    @TempDir
    Path dir;

    /** What the test opened, closed in reverse order after it (JUnit closes an {@code @AutoClose} field). */
    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();

    private UplinkEngine engine(long aggregateMillis) throws Exception {
        return closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")).withAggregation(aggregateMillis,
                1000), new UplinkEngine.Events() { }));
    }

    private MqttTransport mqtt(Mosquitto broker) throws Exception {
        return MqttToMosquitto.started(broker, closeLast);
    }

    private static List<JsonObject> aggregates(Subscriber sub) throws Exception {
        return sub.received().stream().map(Map.Entry::getValue).filter(o -> o.has("aggregate")).toList();
    }

    /** Messages counted per (source, raw topic) over every aggregate received so far, one copy per id. */
    private static Map<String, Long> summarisedCounts(Subscriber sub) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (JsonObject o : aggregates(sub)) {
            if (seen.add(o.get("id").getAsString())) {
                JsonObject a = o.getAsJsonObject("aggregate");
                counts.merge(o.get("source").getAsString() + " " + a.get("topic").getAsString(),
                        a.get("count").getAsLong(), Long::sum);
            }
        }
        return counts;
    }

    /** Until the wall clock is in the first quarter of an aggregation window (windows are aligned to it). */
    private static void awaitEarlyInAWindow(long window) throws InterruptedException {
        Await.until("the first quarter of a " + window + " ms window", Duration.ofMillis(2 * window),
                () -> System.currentTimeMillis() % window <= window / 4);
    }

    private static void await(String what, long timeoutMillis, Check check) throws Exception {
        Await.until(what, Duration.ofMillis(timeoutMillis), check::ok);
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    @Test
    void meteredSendsAlarmsEventsAndAggregatesThenEveryRawMessageWhenUnmetered() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(WINDOW_MILLIS);
        engine.setMetered(true);
        engine.addTransport(mqtt(broker));

        List<Message> telemetry = new ArrayList<>();
        List<Message> urgent = new ArrayList<>();
        Map<String, Long> expectedCounts = new HashMap<>();
        String[] sources = { "meter.a", "meter.b", "door" };
        String[] topics = { "power/mains", "env/cabinet" };
        for (int i = 0; i < 20; i++) {
            for (String source : sources) {
                for (String topic : topics) {
                    Message m = Message.of(source, topic, Priority.TELEMETRY, Map.of("v", i, "state", "s" + i));
                    engine.publish(m);
                    telemetry.add(m);
                    expectedCounts.merge(source + " " + topic, 1L, Long::sum);
                }
            }
            if (i % 4 == 0) {
                Message alarm = Message.of("door", "alarms", i % 8 == 0 ? Priority.ALARM : Priority.EVENT,
                        Map.of("open", true));
                engine.publish(alarm);
                urgent.add(alarm);
            }
        }

        // every telemetry message is summarised by some aggregate (a window boundary may split a series in two)
        await("aggregates summarising all " + telemetry.size() + " telemetry messages", 20_000,
                () -> summarisedCounts(sub).equals(expectedCounts));
        Set<String> urgentIds = ids(urgent);
        assertThat(sub.awaitIds(urgentIds, 10_000)).containsKeys(urgentIds.toArray(String[]::new));
        Set<String> telemetryIds = ids(telemetry);
        assertThat(sub.countsById().keySet()).as("no raw telemetry on a metered link")
                .doesNotContainAnyElementsOf(telemetryIds);

        List<JsonObject> aggs = aggregates(sub);
        // one aggregate per series and window: the same id always carries the same content
        Map<String, String> byId = new HashMap<>();
        Set<String> seriesWindows = new HashSet<>();
        for (JsonObject o : aggs) {
            String prior = byId.putIfAbsent(o.get("id").getAsString(), o.toString());
            assertThat(prior == null || prior.equals(o.toString())).as("a duplicate is the same message").isTrue();
            JsonObject a = o.getAsJsonObject("aggregate");
            if (prior == null) {
                assertThat(seriesWindows.add(o.get("source").getAsString() + " " + a.get("topic").getAsString() + " "
                        + a.get("windowStart").getAsString())).as("one aggregate per series and window").isTrue();
            }
            assertThat(o.get("topic").getAsString()).isEqualTo(a.get("topic").getAsString() + "/aggregate");
            assertThat(o.get("priority").getAsString()).isEqualTo("TELEMETRY");
        }
        // the statistics are the telemetry's: v ran 0..19 in every series
        Map<String, double[]> minMax = new HashMap<>();
        for (JsonObject o : aggs) {
            JsonObject a = o.getAsJsonObject("aggregate");
            JsonObject v = a.getAsJsonObject("metrics").getAsJsonObject("v");
            minMax.merge(o.get("source").getAsString() + " " + a.get("topic").getAsString(),
                    new double[] { v.get("min").getAsDouble(), v.get("max").getAsDouble() },
                    (x, y) -> new double[] { Math.min(x[0], y[0]), Math.max(x[1], y[1]) });
            assertThat(a.getAsJsonObject("metrics").getAsJsonObject("state").get("last").getAsString()).startsWith("s");
        }
        assertThat(minMax).hasSize(6).allSatisfy((k, mm) -> assertThat(mm).containsExactly(0.0, 19.0));
        // The subscriber may see the last aggregates before their PUBACK reached the engine: then those are still
        // queued for a moment. What must remain, and only that, is the raw telemetry.
        await("only the raw telemetry left in the queue (" + telemetry.size() + ")", 10_000,
                () -> engine.queued() == telemetry.size());
        Thread.sleep(QUIET_MILLIS);
        assertThat(engine.queued()).as("the raw telemetry waits").isEqualTo(telemetry.size());

        // the link is no longer metered: every raw message arrives, in order per topic, nothing lost
        int aggregatesBefore = byId.size();
        engine.setMetered(false);
        Map<String, Integer> counts = sub.awaitIds(telemetryIds, 20_000);
        Set<String> lost = new LinkedHashSet<>(telemetryIds);
        lost.removeAll(counts.keySet());
        assertThat(lost).as("lost").isEmpty();
        assertThat(engine.awaitDrained(10_000)).isTrue();

        // unmetered telemetry goes out raw and is not summarised
        List<Message> later = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message m = Message.of("meter.a", "power/mains", Priority.TELEMETRY, Map.of("v", 100 + i));
            engine.publish(m);
            later.add(m);
        }
        assertThat(sub.awaitIds(ids(later), 10_000)).containsKeys(ids(later).toArray(String[]::new));
        Thread.sleep(WINDOW_MILLIS + 2 * QUIET_MILLIS); // a whole window: an aggregate would be sent at its end
        assertThat(aggregates(sub).stream().map(o -> o.get("id").getAsString()).distinct().count())
                .as("no aggregate of unmetered telemetry").isEqualTo(aggregatesBefore);
    }

    @Test
    void withAggregatesOffTheMeteredLinkCarriesOnlyAlarmsAndEvents() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine engine = engine(0);
        engine.setMetered(true);
        engine.addTransport(mqtt(broker));
        List<Message> telemetry = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Message m = Message.of("meter.a", "power/mains", Priority.TELEMETRY, Map.of("v", i));
            engine.publish(m);
            telemetry.add(m);
        }
        Message alarm = Message.of("door", "alarms", Priority.ALARM, Map.of("open", true));
        engine.publish(alarm);
        assertThat(sub.awaitIds(Set.of(alarm.id()), 10_000)).containsKey(alarm.id());
        Thread.sleep(2 * WINDOW_MILLIS); // two whole windows: an aggregate would be sent at the end of each
        assertThat(sub.countsById()).containsOnlyKeys(alarm.id());
        assertThat(engine.aggregatesQueued()).isZero();
        engine.setMetered(false);
        assertThat(sub.awaitIds(ids(telemetry), 20_000)).containsKeys(ids(telemetry).toArray(String[]::new));
    }

    @Test
    void anAggregateQueuedBeforeARestartGoesOutAfterItWithTheSameIdOnTheStillMeteredLink() throws Exception {
        UplinkEngine first = engine(WINDOW_MILLIS);
        first.setMetered(true);
        List<Message> telemetry = new ArrayList<>();
        awaitEarlyInAWindow(WINDOW_MILLIS); // all five in one window, so in one aggregate (seen split 4 + 1 under load)
        for (int i = 0; i < 5; i++) {
            Message m = Message.of("meter.a", "power/mains", Priority.TELEMETRY, Map.of("v", i));
            first.publish(m);
            telemetry.add(m);
        }
        // no transport: the aggregate is made at the window's end and waits in the durable queue
        await("the aggregate to be queued", 10_000, () -> first.aggregatesQueued() == 1);
        first.close();

        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        UplinkEngine second = engine(WINDOW_MILLIS);
        second.setMetered(true);
        second.addTransport(mqtt(broker));
        await("the aggregate from before the restart", 10_000, () -> aggregates(sub).size() >= 1);
        Thread.sleep(QUIET_MILLIS);
        JsonObject a = aggregates(sub).get(0);
        assertThat(a.getAsJsonObject("aggregate").get("count").getAsLong()).isEqualTo(5);
        assertThat(sub.countsById().keySet()).as("still metered after the restart: the raw telemetry waits")
                .doesNotContainAnyElementsOf(ids(telemetry));
        assertThat(second.queued()).isEqualTo(5);
    }

    @Test
    void anOrderlyRestartInsideAWindowStillGivesOneAggregateCoveringBothSides() throws Exception {
        long window = 4000;
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt")));
        // start early in a window, so that stop and restart fall inside it
        awaitEarlyInAWindow(window);
        long windowStart = System.currentTimeMillis() / window * window;
        UplinkEngine first = closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink"))
                .withAggregation(window, 1000), new UplinkEngine.Events() { }));
        first.setMetered(true);
        for (int i = 0; i < 3; i++) {
            first.publish(Message.of("meter.a", "power/mains", Priority.TELEMETRY, Map.of("v", i)));
        }
        first.close(); // as a configuration change or a bundle update does

        UplinkEngine second = engine(window);
        second.setMetered(true);
        second.addTransport(mqtt(broker));
        for (int i = 3; i < 6; i++) {
            second.publish(Message.of("meter.a", "power/mains", Priority.TELEMETRY, Map.of("v", i)));
        }
        assertThat(System.currentTimeMillis()).as("test precondition: still the same window")
                .isLessThan(windowStart + window);
        await("the window's aggregate", 3 * window, () -> !aggregates(sub).isEmpty());
        Thread.sleep(2 * QUIET_MILLIS); // a second aggregate of the same window would be a flush at the restart
        List<JsonObject> aggs = aggregates(sub);
        assertThat(aggs.stream().map(o -> o.get("id").getAsString()).distinct()).as("one aggregate").hasSize(1);
        JsonObject a = aggs.get(0).getAsJsonObject("aggregate");
        assertThat(a.get("count").getAsLong()).as("both sides of the restart").isEqualTo(6);
        assertThat(java.time.Instant.parse(a.get("windowStart").getAsString()).toEpochMilli()).isEqualTo(windowStart);
        JsonObject v = a.getAsJsonObject("metrics").getAsJsonObject("v");
        assertThat(v.get("min").getAsDouble()).isEqualTo(0.0);
        assertThat(v.get("max").getAsDouble()).isEqualTo(5.0);
        assertThat(second.queued()).as("all six raw messages wait").isEqualTo(6);
    }

    private static Set<String> ids(List<Message> messages) {
        return new LinkedHashSet<>(messages.stream().map(Message::id).toList());
    }
}
