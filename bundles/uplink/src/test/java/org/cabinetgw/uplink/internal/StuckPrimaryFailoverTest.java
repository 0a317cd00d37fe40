package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.http.HttpSettings;
import org.cabinetgw.uplink.internal.http.HttpTransport;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for the CI hang: the MQTT transport kept saying "ready" while Paho refused every publish
 * ("Client is not connected"). Each refusal started a new generation, which emptied the in-flight table, so
 * the engine's only failover signal (age of the oldest unacknowledged message) never grew and HTTP never took
 * over. The primary here is exactly that: ready, yet refusing every send at once — the state Paho's client
 * is in between losing its socket and reporting the loss. HTTP is the real transport against a real server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StuckPrimaryFailoverTest {

    @TempDir
    Path dir;

    /** Says it is connected, refuses every publish synchronously, as Paho does when its state is not CONNECTED. */
    private static final class RefusingPrimary implements Transport {
        final AtomicInteger sends = new AtomicInteger();

        @Override
        public TransportKind kind() {
            return TransportKind.MQTT;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public int window() {
            return 100;
        }

        @Override
        public int maxBatch() {
            return 100;
        }

        @Override
        public void send(List<QueuedMessage> batch, DeliveryCallback callback) {
            sends.incrementAndGet();
            callback.failed(batch, "publish refused: Client is not connected", null);
        }

        @Override
        public void setSuspended(boolean suspended) {
        }

        @Override
        public void setStateListener(Runnable listener) {
        }

        @Override
        public String describeState() {
            return "connected (it claims)";
        }
    }

    @Test
    void httpTakesOverWithinTheFailoverTimeWhenThePrimaryRefusesEverySend() throws Exception {
        long failover = 1_000;
        RefusingPrimary mqtt = new RefusingPrimary();
        try (CloudHttpServer cloud = new CloudHttpServer();
                UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir).withSwitching(failover, 60_000)
                        .withRetry(50, 500), new UplinkEngine.Events() {
                        })) {
            HttpTransport http = new HttpTransport(HttpSettings.of(cloud.uri()));
            try {
                run(engine, mqtt, http, cloud, failover);
            } finally {
                http.close();
            }
        }
    }

    private static void run(UplinkEngine engine, RefusingPrimary mqtt, HttpTransport http, CloudHttpServer cloud,
            long failover) throws Exception {
        {
            engine.addTransport(mqtt);
            engine.addTransport(http);
            MosquittoDeliveryTest.waitFor(() -> engine.activeTransport() == TransportKind.MQTT, 5_000);

            List<Message> sent = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Message m = Message.of("test.source", "burst/" + (i % 4), Priority.TELEMETRY, Map.of("n", i));
                engine.publish(m);
                sent.add(m);
            }
            long start = System.nanoTime();
            MosquittoDeliveryTest.waitFor(() -> engine.activeTransport() == TransportKind.HTTP, 10_000);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // failover time plus the retry backoff and a dispatcher tick or two; far from "never"
            assertThat(tookMillis).isLessThan(failover + 3_000);
            assertThat(engine.awaitDrained(20_000)).isTrue();
            Set<String> ids = new HashSet<>(sent.stream().map(Message::id).toList());
            assertThat(cloud.acceptedIds().keySet()).containsAll(ids);
            // the retries were paced by the backoff, not a busy loop: at most ~1 send per 50 ms while MQTT was active
            assertThat(mqtt.sends.get()).isLessThan((int) (tookMillis / 50) + 10);
        }
    }
}
