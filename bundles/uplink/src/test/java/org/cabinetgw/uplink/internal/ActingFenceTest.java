package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pair's fence in the data path (bundles/ha {@code ActingPermit}), against a real Mosquitto: while it says no,
 * the MQTT transport does not connect (no session taken from the node that acts, no birth) and the dispatcher hands
 * nothing to a transport; the messages wait in the queue and all go out once it says yes.
 */
@Timeout(value = 120, unit = java.util.concurrent.TimeUnit.SECONDS)
class ActingFenceTest {

    /** A window in which nothing may happen: long enough for a connect and a delivery on a loaded machine. */
    private static final long QUIET_MILLIS = 1500;

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();

    @Test
    void noConnectionAndNoDeliveryWhileFencedEverythingAfter() throws Exception {
        Mosquitto broker = closeLast.push(new Mosquitto(dir.resolve("broker"))).start();
        Path received = dir.resolve("sub.txt");
        Subscriber sub = closeLast.push(new Subscriber(broker, "cab/gw1/#", received));
        UplinkEngine engine = closeLast.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() {
                }));
        AtomicBoolean mayConnect = new AtomicBoolean(false);
        AtomicBoolean mayDeliver = new AtomicBoolean(true);
        engine.fence(mayDeliver::get);
        MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "gw-" + System.nanoTime(), "cab/gw1")
                .withReconnect(100, 1000));
        closeLast.push(t::close);
        t.fence(mayConnect::get);
        t.start();
        engine.addTransport(t);

        // fenced before the first connection: none is made, nothing is said on the broker, messages wait
        Set<String> first = publish(engine, 20);
        Thread.sleep(QUIET_MILLIS);
        assertThat(t.ready()).isFalse();
        assertThat(t.describeState()).contains("may not act for the pair");
        assertThat(Files.readAllLines(received, StandardCharsets.UTF_8)).as("not even a birth (the subscriber's own probes aside)")
                .allMatch(line -> line.contains("cabinetgw-test-probe"));
        mayConnect.set(true);
        assertThat(sub.awaitIds(first, 20_000)).containsKeys(first.toArray(String[]::new));

        // connected, then the dispatcher fenced: nothing more is handed to the transport until the fence opens
        mayDeliver.set(false);
        Set<String> second = publish(engine, 20);
        Thread.sleep(QUIET_MILLIS);
        assertThat(sub.countsById().keySet()).doesNotContainAnyElementsOf(second);
        mayDeliver.set(true);
        assertThat(sub.awaitIds(second, 20_000)).containsKeys(second.toArray(String[]::new));
        assertThat(sub.countsById().values()).as("each once").containsOnly(1);
    }

    private static Set<String> publish(UplinkEngine engine, int n) throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Message m = Message.of("test.source", "fenced", Priority.TELEMETRY, Map.of("n", i));
            engine.publish(m);
            ids.add(m.id());
        }
        return ids;
    }
}
