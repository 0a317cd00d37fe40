package org.cabinetgw.uplink.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.StoredJson;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.kura.KuraDialect;
import org.cabinetgw.uplink.internal.kura.KuraGateway;
import org.cabinetgw.uplink.internal.kura.KuraPayloadCodec;
import org.cabinetgw.uplink.internal.kura.KuraTelemetry;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.itest.Mosquitto;

/**
 * Part 4: the cloud protocols side by side. Bytes on the wire per reading of an SDM630 meter (30 values), as our
 * JSON and as a KuraPayload (plain and gzip'd); then end-to-end throughput of those readings through the uplink
 * (durable queue, 64 producers, QoS 1 to Mosquitto, the run ends at the last PUBACK) in each mode.
 * {@code JDK_JAVA_OPTIONS="-Dbench.kura.only=true"} runs only this part.
 */
final class KuraBenchmark {

    private KuraBenchmark() {
    }

    /** One reading of an Eastron SDM630 three-phase meter: what bundles/power reads from it, 30 values. */
    static Message sdm630(long i) {
        Map<String, Object> m = new LinkedHashMap<>();
        String[] phases = {"l1", "l2", "l3"};
        for (String p : phases) {
            m.put("voltage." + p, 229.8 + (i % 7) / 10.0);
            m.put("current." + p, 12.37 + (i % 5) / 100.0);
            m.put("power.active." + p, 2843.6);
            m.put("power.apparent." + p, 2901.2);
            m.put("power.reactive." + p, -120.4);
            m.put("power.factor." + p, 0.981);
            m.put("thd.voltage." + p, 2.1);
        }
        m.put("voltage.l1l2", 398.2);
        m.put("voltage.l2l3", 399.0);
        m.put("frequency", 50.01);
        m.put("power.active.total", 8530.8);
        m.put("power.factor.total", 0.98);
        m.put("energy.import.wh", 123_456_789L + i);
        m.put("energy.export.wh", 42L);
        m.put("online", true);
        m.put("state", "MAINS");
        return new Message(Message.newId(), "power.meter.mains", "power/mains", Priority.TELEMETRY, Instant.now(), m,
                "");
    }

    static void run(Path root, int messages) throws Exception {
        Message reading = sdm630(1);
        QueuedMessage queued = new QueuedMessage(1, reading.id(), reading.priority(), reading.topic(),
                StoredJson.encode(reading));
        byte[] kuraPlain = KuraPayloadCodec.encode(KuraTelemetry.toPayload(queued));
        byte[] kuraGzip = KuraPayloadCodec.encode(KuraTelemetry.toPayload(queued), true);
        System.out.printf("4. Cloud protocols: an SDM630 reading (%d values + id, priority, source)%n",
                reading.metrics().size());
        UplinkBenchmark.row("payload bytes, JSON (cloud.protocol JSON)", String.format("%10d bytes", queued.payload().length));
        UplinkBenchmark.row("payload bytes, KuraPayload (cloud.protocol KURA, kura.gzip false)",
                String.format("%10d bytes", kuraPlain.length));
        UplinkBenchmark.row("payload bytes, KuraPayload gzip'd (kura.gzip true, the default)",
                String.format("%10d bytes", kuraGzip.length));
        try (Mosquitto broker = new Mosquitto(root.resolve("kura-broker")).start()) {
            // warm-up of both, then the measured runs
            uplink(root.resolve("kura-warm-json"), broker, messages / 4, null);
            uplink(root.resolve("kura-warm-kura"), broker, messages / 4, KuraGateway.dialect("ACME", "BENCH-1", true));
            UplinkBenchmark.row("throughput, JSON, 64 producers",
                    UplinkBenchmark.rate(messages, uplink(root.resolve("kura-json"), broker, messages, null)));
            UplinkBenchmark.row("throughput, KURA, gzip'd",
                    UplinkBenchmark.rate(messages, uplink(root.resolve("kura-kura"), broker, messages,
                            KuraGateway.dialect("ACME", "BENCH-2", true))));
            UplinkBenchmark.row("throughput, KURA, plain",
                    UplinkBenchmark.rate(messages, uplink(root.resolve("kura-kura-plain"), broker, messages,
                            KuraGateway.dialect("ACME", "BENCH-3", false))));
        }
    }

    private static long uplink(Path dir, Mosquitto broker, int count, KuraDialect dialect) throws Exception {
        Files.createDirectories(dir);
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { })) {
            MqttTransport mqtt = dialect == null
                    ? new MqttTransport(MqttSettings.of(broker.uri(), "bench-json", "bench")) // window 500, as KuraGateway
                    : KuraGateway.transport(broker.uri(), dialect);
            mqtt.start();
            engine.addTransport(mqtt);
            while (!mqtt.ready()) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            EndToEndBenchmark.join(EndToEndBenchmark.produce(engine, count, "bench-kura-producer", KuraBenchmark::sdm630));
            if (!engine.awaitDrained(600_000)) {
                throw new IllegalStateException("not drained");
            }
            long nanos = System.nanoTime() - start;
            mqtt.close();
            return nanos;
        }
    }
}
