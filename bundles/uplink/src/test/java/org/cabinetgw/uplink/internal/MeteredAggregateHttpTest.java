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

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.uplink.internal.http.HttpSettings;
import org.cabinetgw.uplink.internal.http.HttpTransport;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;

/**
 * Aggregates travel like any other message: here over the HTTP transport alone (as after a failover),
 * in the batches a real HTTP server accepts, while the raw telemetry waits for the unmetered link.
 */
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class MeteredAggregateHttpTest {

    @TempDir
    Path dir;

    private CloudHttpServer cloud;
    private HttpTransport http;
    private UplinkEngine engine;

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
        if (http != null) {
            http.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private long summarised() {
        Set<String> seen = new HashSet<>();
        long sum = 0;
        for (JsonObject o : cloud.acceptedMessages()) {
            if (o.has("aggregate") && seen.add(o.get("id").getAsString())) {
                assertThat(o.get("topic").getAsString()).isEqualTo("http/power/aggregate");
                sum += o.getAsJsonObject("aggregate").get("count").getAsLong();
            }
        }
        return sum;
    }

    @Test
    void overHttpTheMeteredLinkCarriesAlarmsAndAggregatesThenTheRawTelemetry() throws Exception {
        cloud = new CloudHttpServer();
        http = new HttpTransport(new HttpSettings(cloud.uri(), "", 50, 5000, 2000, null));
        engine = new UplinkEngine(UplinkSettings.defaults(dir).withSwitching(200, 200).withRetry(50, 2000)
                .withAggregation(1000, 100), new UplinkEngine.Events() { });
        engine.setMetered(true);
        engine.addTransport(http);

        List<String> raw = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Message m = Message.of("meter", "http/power", Priority.TELEMETRY, Map.of("v", i));
            engine.publish(m);
            raw.add(m.id());
        }
        Message alarm = Message.of("door", "http/alarms", Priority.ALARM, Map.of("open", true));
        engine.publish(alarm);

        Await.within(Duration.ofSeconds(20), this::summarised, n -> n >= 25);
        assertThat(summarised()).isEqualTo(25);
        assertThat(cloud.acceptedIds()).containsKey(alarm.id()).doesNotContainKeys(raw.toArray(String[]::new));
        assertThat(cloud.requests()).as("every batch carries its idempotency key")
                .allSatisfy(r -> assertThat(r.idempotencyKey()).isNotBlank());

        engine.setMetered(false);
        assertThat(engine.awaitDrained(20_000)).isTrue();
        Set<String> lost = new LinkedHashSet<>(raw);
        lost.removeAll(cloud.acceptedIds().keySet());
        assertThat(lost).as("lost").isEmpty();
    }
}
