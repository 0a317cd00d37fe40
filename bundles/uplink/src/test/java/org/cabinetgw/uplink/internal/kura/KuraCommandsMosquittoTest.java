package org.cabinetgw.uplink.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.deploy.CommandHandler;
import org.cabinetgw.deploy.CommandRequest;
import org.cabinetgw.deploy.CommandResponder;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.internal.mqtt.CommandEnvelope;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Remote commands in Kura's dialect through a real Mosquitto: the fake Kapua sends KuraPayload requests on
 * {@code $EDC/<account>/<client-id>/DEPLOY-V2/...} and decodes the replies and notifications. The handler is a
 * stand-in for the deploy agent speaking the handler contract (JSON with Kura's field names); what is tested is
 * the channel: addressing, translation both ways, Kura's topics, refusals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KuraCommandsMosquittoTest {

    @TempDir
    Path dir;

    /** What a test started (brokers, transports, processes), closed in reverse order after it. */
    @AutoClose
    final ClosingStack cleanup = new ClosingStack();

    /** Answers as the deploy agent's contract says: 400 naming a malformed job.id, else accepted + a notification. */
    static final class DownloadHandler implements CommandHandler {
        final List<JsonObject> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void handle(CommandRequest request, CommandResponder responder) {
            JsonObject o = JsonParser.parseString(new String(request.body(), StandardCharsets.UTF_8)).getAsJsonObject();
            seen.add(o);
            if (!o.has("job.id") || !o.get("job.id").getAsJsonPrimitive().isNumber()) {
                responder.reply(CommandResponder.BAD_REQUEST, CommandEnvelope.error("job.id must be a number", "job.id"));
                return;
            }
            long job = o.get("job.id").getAsLong();
            responder.reply(CommandResponder.OK, ("{\"job.id\":" + job + ",\"status\":\"ACCEPTED\"}")
                    .getBytes(StandardCharsets.UTF_8));
            responder.notify("download", ("{\"job.id\":" + job + ",\"dp.name\":\"" + o.get("dp.name").getAsString()
                    + "\",\"dp.download.progress\":100,\"dp.download.size\":2048,\"dp.download.index\":0,"
                    + "\"dp.download.status\":\"COMPLETED\"}").getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void deployV2RequestsAreAnsweredInKurasDialect() throws Exception {
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, "ACME"));
        KuraDialect dialect = KuraGateway.dialect("ACME", "02:42:AC:11:00:09", true);
        MqttTransport mqtt = KuraGateway.transport(broker.uri(), dialect);
        cleanup.push(mqtt::close);
        DownloadHandler handler = new DownloadHandler();
        mqtt.commands().addHandler("DEPLOY-V2", handler);
        dialect.applicationsChanged(mqtt.commands().applications(), null);
        mqtt.start();
        FakeKapua.Received birth = kapua.await("$EDC/ACME/02:42:AC:11:00:09/MQTT/BIRTH", 20_000);
        assertThat(birth.payload().metric("application_ids")).isEqualTo("DEPLOY-V2");
        Thread.sleep(300); // the subscription follows the BIRTH

        String base = "$EDC/ACME/02:42:AC:11:00:09/DEPLOY-V2/";
        kapua.publish(base + "EXEC/download", KuraCommandWireTest.request(KuraCommandWireTest.deployRequest()));
        FakeKapua.Received reply = kapua.await("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/-6482729468541211652", 20_000);
        assertThat(reply.payload().metric("response.code")).isEqualTo(200);
        assertThat(reply.payload().typeOf("response.code")).isEqualTo(KuraMetricType.INT32);
        assertThat(reply.payload().metric("job.id")).isEqualTo(1_700_000_000_001L);
        FakeKapua.Received note = kapua.await(
                "$EDC/ACME/kapua-console/DEPLOY-V2/NOTIFY/02:42:AC:11:00:09/download", 20_000);
        assertThat(note.payload().typeOf("job.id")).isEqualTo(KuraMetricType.INT64);
        assertThat(note.payload().typeOf("dp.download.progress")).isEqualTo(KuraMetricType.INT32);
        assertThat(note.payload().typeOf("dp.download.index")).isEqualTo(KuraMetricType.INT32);
        assertThat(note.payload().typeOf("dp.download.size")).isEqualTo(KuraMetricType.INT32);
        assertThat(note.payload().metric("dp.download.status")).isEqualTo("COMPLETED");
        // the handler got Kura's typed metrics as JSON
        assertThat(handler.seen.get(0).get("dp.install").getAsBoolean()).isTrue();

        // a STRING job.id: the handler refuses it, the cloud gets 400 with the reason
        Map<String, Object> stringJob = KuraCommandWireTest.deployRequest();
        stringJob.put("job.id", "42");
        stringJob.put("request.id", "r2");
        kapua.publish(base + "EXEC/download", KuraCommandWireTest.request(stringJob));
        FakeKapua.Received refused = kapua.await("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/r2", 20_000);
        assertThat(refused.payload().metric("response.code")).isEqualTo(400);
        assertThat(refused.payload().metric("response.exception.message")).isEqualTo("job.id must be a number");

        // no request.id: 400 on REPLY/invalid, naming it
        Map<String, Object> noId = KuraCommandWireTest.deployRequest();
        noId.remove("request.id");
        kapua.publish(base + "EXEC/download", KuraCommandWireTest.request(noId));
        FakeKapua.Received invalid = kapua.await("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/invalid", 20_000);
        assertThat(invalid.payload().metric("response.code")).isEqualTo(400);
        assertThat(invalid.payload().metric("response.exception.message")).isEqualTo("request.id is missing");

        // not protobuf, from an independent client, and 10 MB: nobody to answer, the channel goes on
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-q", "1", "-t", base + "GET/packages", "-m", "{\"request.id\":\"x\",\"requester.client.id\":\"c\"}")
                .redirectErrorStream(true).start();
        assertThat(pub.waitFor(10, TimeUnit.SECONDS)).isTrue();
        kapua.publish(base + "GET/packages", new byte[10 * 1024 * 1024]);
        Map<String, Object> after = KuraCommandWireTest.deployRequest();
        after.put("request.id", "r3");
        kapua.publish(base + "EXEC/download", KuraCommandWireTest.request(after));
        assertThat(kapua.await("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/r3", 20_000).payload().metric("response.code"))
                .isEqualTo(200);
        assertThat(handler.seen).hasSize(3); // the good one, the STRING job.id, the one after the garbage
        assertThat(kapua.received()).noneMatch(r -> r.topic().startsWith("$EDC/ACME/c/"));
        // the only undecodable messages the fake Kapua saw are the two we sent on purpose
        assertThat(kapua.violations()).allMatch(v -> v.startsWith(base + "GET/packages"));
        assertThat(kapua.violations()).hasSize(2);
        assertThat(Set.copyOf(mqtt.commands().applications())).containsExactly("DEPLOY-V2");
    }

    /** A handler that answers in Kura's types (the deploy agent does): what it sees and what Kapua receives. */
    static final class TypedHandler implements CommandHandler {
        final List<org.cabinetgw.deploy.MetricMessage> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void handle(CommandRequest request, CommandResponder responder) {
            seen.add(request.metrics());
            Map<String, Object> note = new java.util.LinkedHashMap<>();
            note.put("job.id", request.metrics().metrics().get("job.id"));
            note.put("dp.download.status", "COMPLETED");
            note.put("dp.download.size", 2048);
            responder.reply(CommandResponder.OK, new org.cabinetgw.deploy.MetricMessage(Map.of(),
                    "<?xml version=\"1.0\"?><packages/>".getBytes(StandardCharsets.UTF_8)));
            responder.notify("download", new org.cabinetgw.deploy.MetricMessage(note));
        }
    }

    @Test
    void aHandlerSeesTheRequestsTypesAndItsTypedAnswersReachKapuaAsTheyAre() throws Exception {
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, "ACME"));
        KuraDialect dialect = KuraGateway.dialect("ACME", "02:42:AC:11:00:0A", true);
        MqttTransport mqtt = KuraGateway.transport(broker.uri(), dialect);
        cleanup.push(mqtt::close);
        TypedHandler handler = new TypedHandler();
        mqtt.commands().addHandler("DEPLOY-V2", handler);
        mqtt.start();
        kapua.await("$EDC/ACME/02:42:AC:11:00:0A/MQTT/BIRTH", 20_000);

        // another account's request for this client id: never subscribed, never handled, never answered
        Map<String, Object> other = KuraCommandWireTest.deployRequest();
        other.put("request.id", "other");
        kapua.publish("$EDC/OTHER/02:42:AC:11:00:0A/DEPLOY-V2/EXEC/download", KuraCommandWireTest.request(other));

        String base = "$EDC/ACME/02:42:AC:11:00:0A/DEPLOY-V2/";
        Map<String, Object> m = KuraCommandWireTest.deployRequest();
        m.put("request.id", "t1");
        FakeKapua.Received reply = null;
        for (int i = 0; i < 50 && reply == null; i++) { // sent again until answered: the subscription follows the BIRTH
            kapua.publish(base + "GET/packages", KuraCommandWireTest.request(m));
            try {
                reply = kapua.await("$EDC/ACME/kapua-console/DEPLOY-V2/REPLY/t1", 400);
            } catch (AssertionError notYet) {
                // not subscribed yet
            }
        }
        assertThat(reply).as("a reply to GET packages").isNotNull();
        assertThat(List.copyOf(reply.payload().metrics().keySet())).containsExactly("response.code");
        assertThat(reply.payload().typeOf("response.code")).isEqualTo(KuraMetricType.INT32);
        assertThat(new String(reply.payload().body(), StandardCharsets.UTF_8)).endsWith("<packages/>");
        FakeKapua.Received note = kapua.await(
                "$EDC/ACME/kapua-console/DEPLOY-V2/NOTIFY/02:42:AC:11:00:0A/download", 20_000);
        assertThat(note.payload().metric("client.id")).isEqualTo("02:42:AC:11:00:0A");
        assertThat(note.payload().typeOf("job.id")).isEqualTo(KuraMetricType.INT64);
        assertThat(note.payload().typeOf("dp.download.size")).isEqualTo(KuraMetricType.INT32);

        org.cabinetgw.deploy.MetricMessage seen = handler.seen.get(0);
        assertThat(seen.metrics().get("job.id")).isEqualTo(1_700_000_000_001L);
        assertThat(seen.metrics().get("dp.install")).isEqualTo(Boolean.TRUE);
        assertThat(seen.metrics().get("dp.download.block.size")).isEqualTo(4096);
        assertThat(handler.seen).allMatch(r -> !"other".equals(r.metrics().get("request.id")));
        assertThat(kapua.received()).noneMatch(r -> r.topic().endsWith("/REPLY/other"));
    }
}
