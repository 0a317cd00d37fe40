package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueueListener;
import org.cabinetgw.uplink.internal.queue.QueueOptions;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher and its in-flight window over a real queue, without the engine: the transport hands every
 * send to the test ({@link ScriptedTransport}), which answers it as a broker would (or would not).
 */
class DispatcherTest {

    private static final int WINDOW = 3;
    /**
     * The window of a "nothing more is sent" check: several rounds of the dispatcher (it wakes every few tens of
     * milliseconds). It cannot be awaited: the assertion is that no send happens.
     */
    private static final long QUIET_MILLIS = 300;

    @TempDir
    Path dir;

    private final Object lock = new Object();
    private final UplinkCounters counters = new UplinkCounters();
    private final ScriptedTransport transport = new ScriptedTransport(TransportKind.MQTT, WINDOW, 2);
    private SegmentedLog queue;
    private Dispatcher dispatcher;

    @BeforeEach
    void start() throws IOException {
        UplinkSettings settings = UplinkSettings.defaults(dir).withRetry(20, 40);
        queue = SegmentedLog.open(QueueOptions.defaults(dir.resolve("queue")), new QueueListener() {
        });
        TransportSwitching transports = new TransportSwitching(settings, Dispatcher.nowMillis());
        transports.put(transport);
        dispatcher = new Dispatcher(lock, settings, queue, transports,
                new DeadLetterStore(dir.resolve("deadletter.jsonl"), 1 << 20), counters, new UplinkEngine.Events() {
                });
        dispatcher.start();
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        queue.close();
    }

    private void enqueue(String... ids) throws Exception {
        for (String id : ids) {
            queue.appendAndWait(new QueuedMessage(0, id, Priority.EVENT, "t", new byte[8]), 10_000);
        }
        dispatcher.wake();
    }

    private ScriptedTransport.Sent next() throws InterruptedException {
        ScriptedTransport.Sent s = transport.sent.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("a send within 30 s").isNotNull();
        return s;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Await.until("the dispatcher's condition", Duration.ofSeconds(30), condition::getAsBoolean);
    }

    /** The sends until {@code count} messages are in flight (how they are batched depends on timing). */
    private List<ScriptedTransport.Sent> sendsOf(int count) throws InterruptedException {
        List<ScriptedTransport.Sent> out = new java.util.ArrayList<>();
        int total = 0;
        while (total < count) {
            ScriptedTransport.Sent s = next();
            out.add(s);
            total += s.batch().size();
        }
        assertThat(total).as("never more than asked for at once").isEqualTo(count);
        return out;
    }

    private static List<String> ids(List<ScriptedTransport.Sent> sends) {
        return sends.stream().flatMap(s -> s.ids().stream()).toList();
    }

    @Test
    void keepsAtMostItsWindowUnacknowledgedAndSendsInOrder() throws Exception {
        enqueue("a", "b", "c", "d", "e");
        List<ScriptedTransport.Sent> full = sendsOf(WINDOW);
        assertThat(ids(full)).containsExactly("a", "b", "c");
        assertThat(full).allSatisfy(s -> assertThat(s.batch()).hasSizeLessThanOrEqualTo(2));
        Thread.sleep(QUIET_MILLIS); // three rounds of the dispatcher: the window is full, nothing more goes
        assertThat(transport.sent).isEmpty();

        full.forEach(s -> s.callback().delivered(s.batch()));
        List<ScriptedTransport.Sent> rest = sendsOf(2);
        assertThat(ids(rest)).containsExactly("d", "e");
        rest.forEach(s -> s.callback().delivered(s.batch()));
        await(queue::isEmpty);
        assertThat(counters.delivered.get()).isEqualTo(5);
        synchronized (lock) {
            assertThat(dispatcher.oldestInFlightMillis()).isZero();
        }
    }

    @Test
    void aFailureSendsEverythingUnacknowledgedAgainFromTheOldest() throws Exception {
        enqueue("a", "b", "c");
        List<ScriptedTransport.Sent> before = sendsOf(3);
        ScriptedTransport.Sent first = before.get(0);
        ScriptedTransport.Sent last = before.get(before.size() - 1);
        first.callback().failed(first.batch(), "connection lost", null);
        // after the back-off, everything of the failed generation again, oldest first
        assertThat(ids(sendsOf(3))).containsExactly("a", "b", "c");

        // a late acknowledgement of the old generation still removes its messages
        last.callback().delivered(last.batch());
        await(() -> queue.size() == 3 - last.batch().size());
        // a failure reported for the old generation changes nothing: nothing is sent again
        last.callback().failed(last.batch(), "too late", null);
        Thread.sleep(QUIET_MILLIS);
        assertThat(transport.sent).isEmpty();
        assertThat(queue.size()).isEqualTo(3 - last.batch().size());
    }
}
