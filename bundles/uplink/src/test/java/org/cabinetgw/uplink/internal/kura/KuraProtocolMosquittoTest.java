package org.cabinetgw.uplink.internal.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.testing.Protoc;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.mqtt.CloudDialect;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink in Kura's protocol against a real Mosquitto, seen by a fake Kapua that decodes every message and
 * checks topics, metric names and metric types: BIRTH at connect, typed telemetry, APPS, DC at an orderly stop,
 * LWT when the gateway is killed, nothing lost across a broker restart; and Debian's protoc reads what
 * mosquitto_sub captured the same way.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KuraProtocolMosquittoTest {

    /**
     * The window of a "no LWT" check: the broker publishes a will within milliseconds of a connection it sees
     * lost; a second allows a loaded machine. It cannot be awaited: the assertion is an absence.
     */
    private static final long QUIET_MILLIS = 1000;

    static final String ACCOUNT = "ACME";

    @TempDir
    Path dir;

    /** What a test started (brokers, transports, processes), closed in reverse order after it. */
    @AutoClose
    final ClosingStack cleanup = new ClosingStack();

    private static String clientId() {
        return "02:42:AC:11:" + String.format("%02X:%02X", (int) (System.nanoTime() & 0xff), (int) ((System.nanoTime() >> 8) & 0xff));
    }

    /** A queue and an MQTT transport in Kura's dialect, closed after the test. */
    private UplinkEngine gateway(Mosquitto broker, KuraDialect dialect) throws Exception {
        UplinkEngine engine = cleanup.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() { }));
        MqttTransport mqtt = KuraGateway.transport(broker.uri(), dialect);
        cleanup.push(mqtt::close);
        mqtt.start();
        engine.addTransport(mqtt);
        return engine;
    }

    /** An SDM630-like reading: doubles, a long counter, text and a flag. */
    static Message reading(int i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("voltage.l1", 229.8 + i / 100.0);
        m.put("current.l1", 12.5);
        m.put("frequency", 50.0);
        m.put("energy.import.wh", 1_234_567_890_123L + i);
        m.put("state", "MAINS");
        m.put("online", true);
        return new Message(Message.newId(), "power.meter.mains", "power/mains", Priority.TELEMETRY,
                Instant.ofEpochMilli(1_780_000_000_000L + i), m, "");
    }

    @Test
    void birthAtConnectTypedTelemetryAppsAndDcAtAnOrderlyStop() throws Exception {
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, ACCOUNT));
        String id = clientId();
        KuraDialect dialect = KuraGateway.dialect(ACCOUNT, id, true);
        UplinkEngine engine = cleanup.push(new UplinkEngine(UplinkSettings.defaults(dir.resolve("uplink")),
                new UplinkEngine.Events() { }));
        MqttTransport mqtt = KuraGateway.transport(broker.uri(), dialect); // closed by the test: the DC is checked
        mqtt.start();
        engine.addTransport(mqtt);

        FakeKapua.Received birth = kapua.await("$EDC/ACME/" + id + "/MQTT/BIRTH", 20_000);
        for (String name : KuraDialectTest.ALWAYS) {
            assertThat(birth.payload().typeOf(name)).as(name).isEqualTo(KuraMetricType.STRING);
        }
        assertThat(birth.payload().metric("connection_ip")).isEqualTo("127.0.0.1");
        assertThat(birth.payload().metric("accept_encoding")).isEqualTo("gzip");

        Message m = reading(1);
        engine.publish(m);
        FakeKapua.Received data = kapua.await(r -> m.id().equals(r.payload().metric(KuraTelemetry.ID)),
                "the reading", 20_000);
        assertThat(data.topic()).isEqualTo("ACME/" + id + "/cabinetgw/power/mains");
        KuraPayload p = data.payload();
        assertThat(p.timestamp()).isEqualTo(1_780_000_000_001L);
        assertThat(p.typeOf("voltage.l1")).isEqualTo(KuraMetricType.DOUBLE);
        assertThat(p.metric("voltage.l1")).isEqualTo(229.81);
        assertThat(p.typeOf("frequency")).as("50.0 stays a double").isEqualTo(KuraMetricType.DOUBLE);
        assertThat(p.typeOf("energy.import.wh")).isEqualTo(KuraMetricType.INT64);
        assertThat(p.metric("energy.import.wh")).isEqualTo(1_234_567_890_124L);
        assertThat(p.typeOf("state")).isEqualTo(KuraMetricType.STRING);
        assertThat(p.typeOf("online")).isEqualTo(KuraMetricType.BOOL);
        assertThat(p.metric(KuraTelemetry.PRIORITY)).isEqualTo("TELEMETRY");
        assertThat(p.metric(KuraTelemetry.SOURCE)).isEqualTo("power.meter.mains");

        CloudDialect.Publication apps = dialect.applicationsChanged(Set.of("DEPLOY-V2"), null);
        assertThat(mqtt.publishNow(apps)).isTrue();
        assertThat(kapua.await("$EDC/ACME/" + id + "/MQTT/APPS", 20_000).payload().metric("application_ids"))
                .isEqualTo("DEPLOY-V2");

        // a new session (here: the route moved to another link) starts with a BIRTH again
        mqtt.routeChanged("test: the default route moved");
        Await.until("a BIRTH after each connect", Duration.ofSeconds(30),
                () -> kapua.received().stream().filter(r -> r.topic().endsWith("/MQTT/BIRTH")).count() >= 2);

        mqtt.close();
        FakeKapua.Received dc = kapua.await("$EDC/ACME/" + id + "/MQTT/DC", 20_000);
        assertThat(dc.payload().typeOf("uptime")).isEqualTo(KuraMetricType.STRING);
        assertThat(dc.payload().metric("display_name")).isEqualTo("test-cabinet");
        Thread.sleep(QUIET_MILLIS);
        assertThat(kapua.received()).noneMatch(r -> r.topic().endsWith("/MQTT/LWT"));
        assertThat(kapua.violations()).isEmpty();
    }

    @Test
    void theWillGoesToLwtWhenTheGatewayIsKilled() throws Exception {
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, ACCOUNT));
        String id = clientId();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                KuraPublisherProcess.class.getName(), dir.resolve("uplink").toString(), broker.uri(), ACCOUNT, id)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        cleanup.push(child::destroyForcibly);
        kapua.await("$EDC/ACME/" + id + "/MQTT/BIRTH", 30_000);
        kapua.await(r -> r.topic().startsWith("ACME/" + id + "/cabinetgw/"), "a reading", 30_000);
        child.destroyForcibly(); // SIGKILL: no goodbye
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        FakeKapua.Received lwt = kapua.await("$EDC/ACME/" + id + "/MQTT/LWT", 30_000);
        assertThat(lwt.payload().metric("display_name")).isEqualTo("test-cabinet");
        assertThat(kapua.received()).noneMatch(r -> r.topic().endsWith("/MQTT/DC"));
        assertThat(kapua.violations()).isEmpty();
    }

    @Test
    void aBrokerRestartMidBurstLosesNothingAndKeepsTheOrder() throws Exception {
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, ACCOUNT));
        String id = clientId();
        UplinkEngine engine = gateway(broker, KuraGateway.dialect(ACCOUNT, id, true));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            Message m = reading(i);
            engine.publish(m);
            sent.add(m.id());
            if (i == 500) {
                broker.stop();
            }
            if (i == 1000) {
                broker.start();
            }
        }
        Set<String> seen = kapua.awaitIds(new HashSet<>(sent), 90_000);
        assertThat(seen).containsAll(sent);
        // order: after dropping repeats, ids arrive as published (one topic)
        LinkedHashSet<String> firstSeen = new LinkedHashSet<>();
        kapua.received().stream().filter(r -> r.topic().startsWith("ACME/"))
                .forEach(r -> firstSeen.add((String) r.payload().metric(KuraTelemetry.ID)));
        assertThat(new ArrayList<>(firstSeen)).containsExactlyElementsOf(sent);
        assertThat(engine.awaitDrained(10_000)).isTrue();
        assertThat(kapua.violations()).isEmpty();
    }

    @Test
    void protocReadsWhatMosquittoSubCapturedAsTheFakeKapuaDoes() throws Exception {
        Assumptions.assumeTrue(Protoc.installed(), "protoc is not installed: apt-get install -y protobuf-compiler");
        Protoc protoc = new Protoc(KuraPayloadProtocTest.SCHEMA, dir);
        Mosquitto broker = cleanup.push(new Mosquitto(dir.resolve("broker"))).start();
        FakeKapua kapua = cleanup.push(new FakeKapua(broker, ACCOUNT));
        String id = clientId();
        // mosquitto_sub, sharing no code with us: exactly one message's bytes, raw (-N: no newline added)
        Path captured = dir.resolve("captured.bin");
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-t", "ACME/" + id + "/cabinetgw/#", "-q", "1", "-C", "1", "-N")
                .redirectOutput(captured.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        cleanup.push(sub::destroyForcibly);
        Thread.sleep(500);
        UplinkEngine engine = gateway(broker, KuraGateway.dialect(ACCOUNT, id, true));
        Message m = reading(7);
        engine.publish(m);
        assertThat(sub.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_sub got its message").isTrue();
        byte[] bytes = java.nio.file.Files.readAllBytes(captured);
        if (KuraPayloadCodec.isGzip(bytes)) {
            // protoc reads protobuf only: inflate first (gzip is not ours to check, the JDK's)
            bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
        }
        String text = protoc.decode(bytes);
        KuraPayload ours = kapua.await(r -> m.id().equals(r.payload().metric(KuraTelemetry.ID)), "the reading",
                20_000).payload();
        List<Protoc.TextMetric> theirs = Protoc.metrics(text);
        assertThat(theirs).hasSize(ours.metrics().size());
        for (Protoc.TextMetric t : theirs) {
            assertThat(ours.typeOf(t.name())).as(t.name()).isNotNull();
            assertThat(t.type()).as(t.name()).isEqualTo(ours.typeOf(t.name()).name());
            Object theirValue = switch (ours.typeOf(t.name())) {
                case DOUBLE -> Double.parseDouble(t.value());
                case INT64 -> Long.parseLong(t.value());
                case BOOL -> Boolean.parseBoolean(t.value());
                case STRING -> Protoc.unquote(t.value());
                default -> t.value();
            };
            assertThat(theirValue).as(t.name()).isEqualTo(ours.metric(t.name()));
        }
        assertThat(Protoc.topLevel(text, "timestamp")).isEqualTo(String.valueOf(ours.timestamp()));
        assertThat(ours.metric("voltage.l1")).isEqualTo(229.87);
    }
}
