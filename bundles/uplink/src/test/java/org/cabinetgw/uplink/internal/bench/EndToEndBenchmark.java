package org.cabinetgw.uplink.internal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;

/**
 * End-to-end QoS 1 to a real Mosquitto: publish returns only once the message is durable, and the run
 * ends when every message has its PUBACK. Beside it, Paho alone doing the same work with its own file
 * persistence (durable: one file and one fsync per message) and with memory persistence (not durable:
 * the ceiling).
 */
final class EndToEndBenchmark {

    private static final int PRODUCERS = 64;
    private static final int WINDOW = 1000;

    private EndToEndBenchmark() {
    }

    static void run(Path root, int messages) throws Exception {
        System.out.printf("2. End-to-end, QoS 1 to Mosquitto on loopback (%d messages of ~1 KB)%n", messages);
        int fileCount = Math.min(messages, Integer.getInteger("bench.paho.file.messages", 5000));
        try (Mosquitto broker = new Mosquitto(root.resolve("broker")).start()) {
            // warm-up: every contender once, so none pays for the JIT and the first connections alone
            uplink(root.resolve("warm-uplink"), broker, messages / 4);
            paho(broker, new MqttDefaultFilePersistence(root.resolve("warm-paho-file").toString()), fileCount / 10);
            paho(broker, new MemoryPersistence(), messages / 4);

            double uplink = messages * 1e9 / uplink(root.resolve("e2e-uplink"), broker, messages);
            UplinkBenchmark.row("uplink: durable queue + Paho (memory), " + PRODUCERS + " producers",
                    UplinkBenchmark.rate(messages, (long) (messages * 1e9 / uplink)));
            long fileNanos = paho(broker, new MqttDefaultFilePersistence(root.resolve("paho-file").toString()), fileCount);
            UplinkBenchmark.row("Paho alone, MqttDefaultFilePersistence (durable)", UplinkBenchmark.rate(fileCount, fileNanos));
            UplinkBenchmark.row("Paho alone, MemoryPersistence (not durable)",
                    UplinkBenchmark.rate(messages, paho(broker, new MemoryPersistence(), messages)));
            UplinkBenchmark.row("uplink delivery alone (queue filled first)",
                    UplinkBenchmark.rate(messages, deliveryAlone(root.resolve("e2e-delivery"), broker, messages)));
            UplinkBenchmark.row("=> uplink vs Paho's durable file persistence (goal >= 10x)",
                    String.format("%10.1fx", uplink / (fileCount * 1e9 / fileNanos)));
        }
    }

    private static Message kilobyteMessage(long i) {
        return Message.of("bench", "bench/" + (i % 8), Priority.TELEMETRY, Map.of("n", i, "pad", "x".repeat(850)));
    }

    private static long uplink(Path dir, Mosquitto broker, int count) throws Exception {
        Files.createDirectories(dir);
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { })) {
            MqttTransport mqtt = new MqttTransport(MqttSettings.of(broker.uri(), "bench-uplink", "bench")
                    .withWindow(WINDOW));
            mqtt.start();
            engine.addTransport(mqtt);
            while (!mqtt.ready()) {
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            join(produce(engine, count, "bench-producer"));
            if (!engine.awaitDrained(600_000)) {
                throw new IllegalStateException("not drained");
            }
            long nanos = System.nanoTime() - start;
            if (engine.snapshot().delivered() < count) {
                throw new IllegalStateException("delivered " + engine.snapshot().delivered() + " of " + count);
            }
            mqtt.close();
            return nanos;
        }
    }

    /** {@link #PRODUCERS} threads publishing messages 0..count-1 between them, each blocking until its own is stored. */
    private static Thread[] produce(UplinkEngine engine, int count, String name) {
        return produce(engine, count, name, EndToEndBenchmark::kilobyteMessage);
    }

    /** As above, with the messages {@code message} makes of 0..count-1 (KuraBenchmark's meter readings). */
    static Thread[] produce(UplinkEngine engine, int count, String name, java.util.function.LongFunction<Message> message) {
        AtomicLong next = new AtomicLong();
        Thread[] producers = new Thread[PRODUCERS];
        for (int t = 0; t < PRODUCERS; t++) {
            producers[t] = new Thread(() -> {
                try {
                    long i;
                    while ((i = next.getAndIncrement()) < count) {
                        engine.publish(message.apply(i));
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, name + "-" + t);
            producers[t].start();
        }
        return producers;
    }

    static void join(Thread[] threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }

    /** The dispatcher alone: the queue is filled with MQTT away, then drained; the time is the draining. */
    private static long deliveryAlone(Path dir, Mosquitto broker, int count) throws Exception {
        Files.createDirectories(dir);
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { })) {
            join(produce(engine, count, "bench-filler"));
            MqttTransport mqtt = new MqttTransport(MqttSettings.of(broker.uri(), "bench-delivery", "bench")
                    .withWindow(WINDOW));
            mqtt.start();
            while (!mqtt.ready()) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            engine.addTransport(mqtt);
            if (!engine.awaitDrained(600_000)) {
                throw new IllegalStateException("not drained");
            }
            long nanos = System.nanoTime() - start;
            mqtt.close();
            return nanos;
        }
    }

    private static long paho(Mosquitto broker, MqttClientPersistence persistence, int count) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.uri(), "bench-paho-" + System.nanoTime(), persistence);
        Semaphore window = new Semaphore(WINDOW);
        CountDownLatch acked = new CountDownLatch(count);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                window.release();
                acked.countDown();
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(WINDOW);
        client.connect(options).waitForCompletion(10_000);
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            window.acquire();
            Message m = kilobyteMessage(i);
            // same bytes as the uplink sends; encoding cost is part of both
            byte[] payload = ("{\"id\":\"" + m.id() + "\",\"metrics\":" + new com.google.gson.Gson().toJson(m.metrics())
                    + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MqttMessage msg = new MqttMessage(payload);
            msg.setQos(1);
            client.publish("bench/" + (i % 8), msg);
        }
        if (!acked.await(600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Paho did not get every PUBACK");
        }
        long nanos = System.nanoTime() - start;
        client.disconnect().waitForCompletion(5000);
        client.close();
        return nanos;
    }
}
