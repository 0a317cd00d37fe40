package org.cabinetgw.uplink.internal.kura;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.uplink.internal.mqtt.CommandEnvelope;
import org.cabinetgw.uplink.internal.mqtt.CommandWire;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class KuraCommandWireTest {

    private final KuraCommandWire wire = new KuraCommandWire(new KuraTopics("ACME", "02:42:AC:11:00:02", "cabinetgw"));

    static byte[] request(Map<String, Object> metrics) {
        return KuraPayloadCodec.encode(KuraPayload.of(1L, metrics));
    }

    static Map<String, Object> deployRequest() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request.id", "-6482729468541211652");
        m.put("requester.client.id", "kapua-console");
        m.put("dp.uri", "https://repo.example/power-1.2.0.dp");
        m.put("dp.name", "org.cabinetgw.dp.power");
        m.put("dp.version", "1.2.0");
        m.put("job.id", 1_700_000_000_001L);
        m.put("dp.install", true);
        m.put("dp.download.block.size", 4096);
        return m;
    }

    @Test
    void aRequestsTypedMetricsBecomeTheHandlersJson() {
        CommandWire.Incoming in = wire.read(request(deployRequest()));
        assertEquals(new CommandEnvelope.Addressing("kapua-console", "-6482729468541211652", null, null), in.addressing());
        JsonObject o = JsonParser.parseString(new String(in.body(), StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(o.get("job.id").getAsJsonPrimitive().isNumber());
        assertEquals(1_700_000_000_001L, o.get("job.id").getAsLong());
        assertTrue(o.get("dp.install").getAsJsonPrimitive().isBoolean());
        assertEquals("https://repo.example/power-1.2.0.dp", o.get("dp.uri").getAsString());
        assertEquals(4096, o.get("dp.download.block.size").getAsInt());
    }

    @Test
    void aStringJobIdReachesTheHandlerAsAString() {
        Map<String, Object> m = deployRequest();
        m.put("job.id", "42");
        JsonObject o = JsonParser.parseString(new String(wire.read(request(m)).body(), StandardCharsets.UTF_8))
                .getAsJsonObject();
        assertTrue(o.get("job.id").getAsJsonPrimitive().isString(), "the handler refuses it as a malformed field");
    }

    @Test
    void requestsThatCannotBeAddressedOrAreMalformed() {
        CommandEnvelope.Addressing json = wire.read("{\"request.id\":\"1\"}".getBytes(StandardCharsets.UTF_8))
                .addressing();
        assertNull(json.requesterId());
        assertTrue(json.error().startsWith("not a KuraPayload"), json.error());

        CommandEnvelope.Addressing big = wire.read(new byte[10 * 1024 * 1024]).addressing();
        assertNull(big.requesterId());
        assertEquals("payload has 10485760 bytes, at most 262144 are accepted", big.error());

        Map<String, Object> noId = deployRequest();
        noId.remove("request.id");
        assertEquals(new CommandEnvelope.Addressing("kapua-console", null, "request.id is missing", "request.id"),
                wire.read(request(noId)).addressing());

        Map<String, Object> numericRequester = deployRequest();
        numericRequester.put("requester.client.id", 7L);
        CommandEnvelope.Addressing a = wire.read(request(numericRequester)).addressing();
        assertNull(a.requesterId());
        assertEquals("requester.client.id must be a STRING metric, was INT64", a.error());

        Map<String, Object> steering = deployRequest();
        steering.put("request.id", "1/../#");
        assertEquals("request.id must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ -",
                wire.read(request(steering)).addressing().error());
    }

    @Test
    void repliesCarryAnInt32ResponseCodeTheErrorAndTheHandlersFields() throws Exception {
        KuraPayload ok = KuraPayloadCodec.decode(wire.reply(200, "1",
                "{\"job.id\":7,\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, ok.metric("response.code"));
        assertEquals(KuraMetricType.INT32, ok.typeOf("response.code"));
        assertEquals(7L, ok.metric("job.id"));
        assertEquals("ACCEPTED", ok.metric("status"));
        assertNull(ok.body());

        KuraPayload bad = KuraPayloadCodec.decode(wire.reply(400, "1",
                CommandEnvelope.error("job.id must be a number", "job.id")));
        assertEquals(400, bad.metric("response.code"));
        assertEquals("job.id must be a number", bad.metric("response.exception.message"));

        KuraPayload list = KuraPayloadCodec.decode(wire.reply(200, "1",
                "{\"packages\":[{\"name\":\"a\"}]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("{\"packages\":[{\"name\":\"a\"}]}", new String(list.body(), StandardCharsets.UTF_8));
    }

    @Test
    void notificationsUseKurasNamesAndTypes() throws Exception {
        KuraPayload n = KuraPayloadCodec.decode(wire.notification(("{\"job.id\":7,\"dp.name\":\"p\","
                + "\"dp.download.progress\":50,\"dp.download.size\":1048576,\"dp.download.status\":\"FAILED\","
                + "\"dp.download.error\":\"hash mismatch\"}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(KuraMetricType.INT64, n.typeOf("job.id"));
        assertEquals(KuraMetricType.INT32, n.typeOf("dp.download.progress"));
        assertEquals(KuraMetricType.INT32, n.typeOf("dp.download.size")); // Kura's int
        assertEquals("FAILED", n.metric("dp.download.status"));
        assertEquals("hash mismatch", n.metric("dp.download.error.message"));
        assertEquals("$EDC/ACME/kapua-console/DEPLOY-V2/NOTIFY/02:42:AC:11:00:02/download",
                wire.notifyTopic(null, "DEPLOY-V2", "kapua-console", "download"));
        assertEquals("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/-5",
                wire.commandTopics().replyTopic("kapua-console", "DEPLOY-V2", "-5"));
        assertEquals("$EDC/ACME/02:42:AC:11:00:02/DEPLOY-V2/#", wire.commandTopics().requestFilter("DEPLOY-V2"));
    }

    @Test
    void aRequestIsHandedOverAsItsTypedMetricsTooAndTypedAnswersGoAsTheyAre() throws Exception {
        Map<String, Object> m = deployRequest();
        m.put("job.id", "42");
        org.cabinetgw.deploy.MetricMessage typed = wire.read(request(m)).metrics();
        assertEquals("42", typed.metrics().get("job.id"), "a STRING job.id stays a String: the handler sees the type");
        assertEquals(Boolean.TRUE, typed.metrics().get("dp.install"));
        assertEquals(4096, typed.metrics().get("dp.download.block.size"));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("job.id", 7L);
        fields.put("dp.download.progress", 50);
        KuraPayload reply = KuraPayloadCodec.decode(wire.reply(200, "1", new org.cabinetgw.deploy.MetricMessage(fields,
                "<packages/>".getBytes(StandardCharsets.UTF_8))));
        assertEquals(java.util.List.of("response.code", "job.id", "dp.download.progress"),
                java.util.List.copyOf(reply.metrics().keySet()));
        assertEquals(KuraMetricType.INT32, reply.typeOf("response.code"));
        assertEquals(KuraMetricType.INT64, reply.typeOf("job.id"));
        assertEquals(KuraMetricType.INT32, reply.typeOf("dp.download.progress"));
        assertEquals("<packages/>", new String(reply.body(), StandardCharsets.UTF_8));

        KuraPayload note = KuraPayloadCodec.decode(wire.notification(new org.cabinetgw.deploy.MetricMessage(fields)));
        assertEquals("02:42:AC:11:00:02", note.metric("client.id"), "Kura's notifications name the gateway");
        assertEquals(KuraMetricType.INT64, note.typeOf("job.id"));
        assertNull(note.body());
    }
}
