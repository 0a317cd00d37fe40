package org.cabinetgw.uplink.internal.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The aggregate's JSON (the README's schema), its deterministic id and the per-gateway instance id. */
class AggregateEncoderTest {

    private static final long W = 60_000;
    private static final long T0 = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private static WindowSummary window(Map<String, Object> metrics, Object... more) {
        TelemetryAggregator a = new TelemetryAggregator(W, 10, 64, T0 + 1000);
        a.add(new Message("id1", "power.meter.mains", "power/mains", Priority.TELEMETRY, Instant.ofEpochMilli(T0 + 2000),
                metrics, ""), T0 + 2000);
        for (Object m : more) {
            a.add((Message) m, T0 + 3000);
        }
        return a.collect(T0 + W).get(0);
    }

    private static JsonObject json(QueuedMessage m) {
        return JsonParser.parseString(new String(m.payload(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    @Test
    void theEnvelopeIsAnOrdinaryMessageAndTheStatisticsAreUnderAggregate() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("voltage", 229.5);
        metrics.put("state", "ok");
        metrics.put("glitch", Double.NaN);
        Message second = new Message("id2", "power.meter.mains", "power/mains", Priority.TELEMETRY,
                Instant.ofEpochMilli(T0 + 4000), Map.of("voltage", 231.5, "state", "ok"), "");
        WindowSummary w = window(metrics, second);
        QueuedMessage q = AggregateEncoder.encode("0123456789abcdef0123456789abcdef", w, w.series().get(0), W);

        assertThat(q.aggregate()).isTrue();
        assertThat(q.priority()).isEqualTo(Priority.TELEMETRY);
        assertThat(q.topic()).isEqualTo("power/mains/aggregate");
        JsonObject o = json(q);
        assertThat(o.get("id").getAsString()).isEqualTo(q.id());
        assertThat(o.get("ts").getAsString()).isEqualTo("2026-05-01T12:01:00Z");
        assertThat(o.get("source").getAsString()).isEqualTo("power.meter.mains");
        assertThat(o.get("topic").getAsString()).isEqualTo("power/mains/aggregate");
        assertThat(o.get("priority").getAsString()).isEqualTo("TELEMETRY");
        assertThat(o.getAsJsonObject("metrics").get("voltage").getAsDouble()).isEqualTo(231.5);
        assertThat(o.getAsJsonObject("metrics").get("glitch").isJsonNull()).isTrue();

        JsonObject a = o.getAsJsonObject("aggregate");
        assertThat(a.get("topic").getAsString()).isEqualTo("power/mains");
        assertThat(a.get("windowStart").getAsString()).isEqualTo("2026-05-01T12:00:00Z");
        assertThat(a.get("windowEnd").getAsString()).isEqualTo("2026-05-01T12:01:00Z");
        assertThat(a.get("from").getAsString()).isEqualTo("2026-05-01T12:00:01Z");
        assertThat(a.get("count").getAsLong()).isEqualTo(2);
        assertThat(a.get("firstTs").getAsString()).isEqualTo("2026-05-01T12:00:02Z");
        assertThat(a.get("lastTs").getAsString()).isEqualTo("2026-05-01T12:00:04Z");
        assertThat(a.get("droppedValues").getAsLong()).isZero();
        assertThat(a.get("droppedMessages").getAsLong()).isZero();
        JsonObject v = a.getAsJsonObject("metrics").getAsJsonObject("voltage");
        assertThat(v.get("count").getAsLong()).isEqualTo(2);
        assertThat(v.get("numeric").getAsLong()).isEqualTo(2);
        assertThat(v.get("min").getAsDouble()).isEqualTo(229.5);
        assertThat(v.get("max").getAsDouble()).isEqualTo(231.5);
        assertThat(v.get("mean").getAsDouble()).isEqualTo(230.5);
        assertThat(v.get("last").getAsDouble()).isEqualTo(231.5);
        JsonObject state = a.getAsJsonObject("metrics").getAsJsonObject("state");
        assertThat(state.keySet()).containsExactly("count", "numeric", "last");
        assertThat(state.get("last").getAsString()).isEqualTo("ok");
        JsonObject glitch = a.getAsJsonObject("metrics").getAsJsonObject("glitch");
        assertThat(glitch.get("nonFinite").getAsLong()).isEqualTo(1);
        assertThat(glitch.has("mean")).isFalse();
    }

    @Test
    void hostileNamesStayValidJsonAndComeBackVerbatim() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("\"},{\"x\":", 1);
        metrics.put("line\nbreak\u0000nul\u2028", "a\"b\\c\u0007");
        metrics.put("huge", Double.MAX_VALUE);
        WindowSummary w = window(metrics);
        JsonObject a = json(AggregateEncoder.encode("i", w, w.series().get(0), W)).getAsJsonObject("aggregate");
        JsonObject m = a.getAsJsonObject("metrics");
        assertThat(m.keySet()).containsExactly("\"},{\"x\":", "line\nbreak\u0000nul\u2028", "huge");
        assertThat(m.getAsJsonObject("line\nbreak\u0000nul\u2028").get("last").getAsString()).isEqualTo("a\"b\\c\u0007");
        assertThat(m.getAsJsonObject("huge").get("max").getAsDouble()).isEqualTo(Double.MAX_VALUE);
    }

    @Test
    void idsAreDeterministicPerGatewaySeriesAndWindowAndTimeOrdered() {
        String id = AggregateEncoder.id("gw-a", "meter", "power", T0, W, 0);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power", T0, W, 0)).isEqualTo(id);
        assertThat(AggregateEncoder.id("gw-b", "meter", "power", T0, W, 0)).as("another gateway").isNotEqualTo(id);
        assertThat(AggregateEncoder.id("gw-a", "meter2", "power", T0, W, 0)).isNotEqualTo(id);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power2", T0, W, 0)).isNotEqualTo(id);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power", T0 + W, W, 0)).isNotEqualTo(id);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power", T0, 2 * W, 0)).as("another window length").isNotEqualTo(id);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power", T0, W, 1)).isNotEqualTo(id);
        // the parts are length-prefixed: shifting a character between source and topic changes the id
        assertThat(AggregateEncoder.id("gw-a", "mete", "rpower", T0, W, 0)).isNotEqualTo(id);
        UUID u = UUID.fromString(id);
        assertThat(u.version()).isEqualTo(8);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(u.getMostSignificantBits() >>> 16).as("window start in the first 48 bits").isEqualTo(T0);
        assertThat(AggregateEncoder.id("gw-a", "meter", "power", T0 + W, W, 0)).isGreaterThan(id);
    }

    @Test
    void theInstanceIdIsMadeOnceKeptAndRemadeWhenDamaged() throws Exception {
        Path file = dir.resolve("aggregate").resolve("instance-id");
        String first = InstanceId.loadOrCreate(file);
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(InstanceId.loadOrCreate(file)).isEqualTo(first);
        assertThat(InstanceId.loadOrCreate(dir.resolve("other").resolve("instance-id"))).isNotEqualTo(first);
        Files.writeString(file, "garbage\u0000\n");
        String remade = InstanceId.loadOrCreate(file);
        assertThat(remade).matches("[0-9a-f]{32}").isNotEqualTo(first);
        assertThat(InstanceId.loadOrCreate(file)).isEqualTo(remade);
    }
}
