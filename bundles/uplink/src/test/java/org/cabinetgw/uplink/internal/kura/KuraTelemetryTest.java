package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.junit.jupiter.api.Test;

class KuraTelemetryTest {

    /** What the queue keeps for a message: the uplink's own JSON encoding, through the real engine path. */
    static QueuedMessage queued(Message m) {
        return new QueuedMessage(1, m.id(), m.priority(), m.topic(), org.cabinetgw.uplink.internal.StoredJson.encode(m));
    }

    @Test
    void metricsKeepTheirTypesAndTheIdPriorityAndSourceTravel() throws Exception {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("voltage", 229.8);
        metrics.put("whole.double", 230.0);
        metrics.put("energy.wh", 12_345_678_901L);
        metrics.put("count", 7);
        metrics.put("ratio", 0.25f);
        metrics.put("online", true);
        metrics.put("state", "MAINS");
        metrics.put("nan", Double.NaN);
        Message m = new Message(Message.newId(), "power.meter.mains", "power/mains", Priority.ALARM,
                Instant.parse("2026-05-01T12:00:00.123Z"), metrics, "");
        KuraPayload p = KuraPayloadCodec.decode(KuraPayloadCodec.encode(KuraTelemetry.toPayload(queued(m))));
        assertEquals(Instant.parse("2026-05-01T12:00:00.123Z").toEpochMilli(), p.timestamp());
        assertEquals(229.8, p.metric("voltage"));
        assertEquals(KuraMetricType.DOUBLE, p.typeOf("whole.double"), "230.0 stays a double");
        assertEquals(12_345_678_901L, p.metric("energy.wh"));
        assertEquals(KuraMetricType.INT32, p.typeOf("count"), "an int stays an int");
        assertEquals(7, p.metric("count"));
        assertEquals(KuraMetricType.FLOAT, p.typeOf("ratio"), "a float stays a float");
        assertEquals(KuraMetricType.INT64, p.typeOf("energy.wh"));
        assertEquals(Boolean.TRUE, p.metric("online"));
        assertEquals("MAINS", p.metric("state"));
        assertFalse(p.metrics().containsKey("nan"), "NaN is null in our JSON: left out");
        assertEquals(m.id(), p.metric(KuraTelemetry.ID));
        assertEquals("ALARM", p.metric(KuraTelemetry.PRIORITY));
        assertEquals("power.meter.mains", p.metric(KuraTelemetry.SOURCE));
        assertNull(p.body());
    }

    @Test
    void thePayloadTextIsTheBody() {
        Message m = new Message(Message.newId(), "s", "t", Priority.EVENT, Instant.now(), Map.of(), "{\"free\":1}");
        assertArrayEquals("{\"free\":1}".getBytes(StandardCharsets.UTF_8), KuraTelemetry.toPayload(queued(m)).body());
    }

    @Test
    void aRecordThatIsNotOurJsonStillGoesOutWithItsIdAndBytes() {
        byte[] garbage = {1, 2, 3, '{'};
        KuraPayload p = KuraTelemetry.toPayload(new QueuedMessage(1, "the-id", Priority.TELEMETRY, "t", garbage));
        assertEquals("the-id", p.metric(KuraTelemetry.ID));
        assertEquals("TELEMETRY", p.metric(KuraTelemetry.PRIORITY));
        assertArrayEquals(garbage, p.body());
    }

    @Test
    void numbersBeyondLongBecomeDoubles() {
        assertEquals(1e20, KuraTelemetry.typed(com.google.gson.JsonParser.parseString("100000000000000000000")));
        assertEquals(-5L, KuraTelemetry.typed(com.google.gson.JsonParser.parseString("-5")));
        assertEquals(1.0e10, KuraTelemetry.typed(com.google.gson.JsonParser.parseString("1.0E10")));
    }

    @Test
    void aRecordWithoutTypesOrWithHostileTypesFallsBackToTheJsonNumber() {
        byte[] old = ("{\"id\":\"x\",\"ts\":\"2026-05-01T12:00:00Z\",\"metrics\":{\"count\":7,\"big\":5000000000,"
                + "\"s\":\"t\"},\"types\":{\"big\":\"INT32\",\"s\":\"FLOAT\",\"count\":[1]}}").getBytes(StandardCharsets.UTF_8);
        KuraPayload p = KuraTelemetry.toPayload(new QueuedMessage(1, "x", Priority.TELEMETRY, "t", old));
        assertEquals(KuraMetricType.INT64, p.typeOf("count"), "no usable type: INT64 as before");
        assertEquals(5_000_000_000L, p.metric("big"), "a value beyond INT32 is never cut");
        assertEquals("t", p.metric("s"));
    }
}
