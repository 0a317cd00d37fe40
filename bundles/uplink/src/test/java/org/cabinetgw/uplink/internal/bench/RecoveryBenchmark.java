package org.cabinetgw.uplink.internal.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.UplinkEngine;
import org.cabinetgw.uplink.internal.UplinkSettings;
import org.cabinetgw.uplink.internal.http.HttpSettings;
import org.cabinetgw.uplink.internal.http.HttpTransport;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer;
import org.cabinetgw.uplink.internal.testing.CloudHttpServer.Answer;
import org.cabinetgw.uplink.itest.Mosquitto;

/**
 * How soon delivery resumes once the far side is back, with the default settings: MQTT after the broker was
 * stopped (reconnect back-off 0.5..60 s, with the TCP probe), HTTP after the endpoint did not listen (retry
 * back-off 0.5..5 s, with the probe) and after it answered 503 (the back-off alone, capped at 5 s). Each
 * outage is long enough for the back-off to reach far (a short one says little). Timed from the moment the
 * peer listens (or answers 200) again to the transport being connected (or the first message accepted).
 */
final class RecoveryBenchmark {

    private RecoveryBenchmark() {
    }

    static void run(Path root) throws Exception {
        List<Integer> outages = new ArrayList<>();
        for (String s : System.getProperty("bench.outage.seconds", "10,40").split(",")) {
            outages.add(Integer.parseInt(s.trim()));
        }
        System.out.println("3. Recovery after an outage (default settings; time from the peer being back to delivery)");
        for (int seconds : outages) {
            UplinkBenchmark.row("MQTT reconnect, broker stopped " + seconds + " s", millis(mqtt(root, seconds)));
            UplinkBenchmark.row("HTTP resumption, endpoint not listening " + seconds + " s",
                    millis(httpUnreachable(root.resolve("http-down-" + seconds), seconds)));
            UplinkBenchmark.row("HTTP resumption, endpoint answering 503 " + seconds + " s",
                    millis(http503(root.resolve("http-503-" + seconds), seconds)));
        }
    }

    private static String millis(long m) {
        return String.format("%,10d ms", m);
    }

    private static long mqtt(Path root, int outageSeconds) throws Exception {
        try (Mosquitto broker = new Mosquitto(root.resolve("broker-" + outageSeconds))) {
            broker.start();
            MqttTransport t = new MqttTransport(MqttSettings.of(broker.uri(), "bench-" + System.nanoTime(), "bench"));
            try {
                t.start();
                await(t::ready, 20_000);
                broker.stop();
                Thread.sleep(outageSeconds * 1000L);
                broker.start();
                long back = System.nanoTime();
                await(t::ready, 120_000);
                return (System.nanoTime() - back) / 1_000_000;
            } finally {
                t.close();
            }
        }
    }

    private static long httpUnreachable(Path dir, int outageSeconds) throws Exception {
        int port = Mosquitto.freePort();
        HttpTransport http = new HttpTransport(new HttpSettings(URI.create("http://127.0.0.1:" + port + "/ingest"), "",
                200, 5000, 2000, null));
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { })) {
            engine.addTransport(http);
            Message m = Message.of("bench", "bench/http", Priority.EVENT, Map.of("n", 1));
            engine.publish(m);
            Thread.sleep(outageSeconds * 1000L);
            try (CloudHttpServer cloud = CloudHttpServer.onPort(port)) {
                long back = System.nanoTime();
                await(() -> cloud.acceptedIds().containsKey(m.id()), 120_000);
                return (System.nanoTime() - back) / 1_000_000;
            }
        } finally {
            http.close();
        }
    }

    private static long http503(Path dir, int outageSeconds) throws Exception {
        try (CloudHttpServer cloud = new CloudHttpServer()) {
            long recoverAt = System.nanoTime() + outageSeconds * 1_000_000_000L;
            cloud.script(n -> System.nanoTime() < recoverAt ? new Answer(503, Map.of(), "busy") : Answer.ok());
            HttpTransport http = new HttpTransport(HttpSettings.of(cloud.uri()));
            try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(dir), new UplinkEngine.Events() { })) {
                engine.addTransport(http);
                Message m = Message.of("bench", "bench/http", Priority.EVENT, Map.of("n", 1));
                engine.publish(m);
                await(() -> cloud.acceptedIds().containsKey(m.id()), outageSeconds * 1000L + 120_000);
                return (System.nanoTime() - recoverAt) / 1_000_000;
            } finally {
                http.close();
            }
        }
    }

    private static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("not recovered within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
