package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What reached the cloud, counted independently of the gateway: Mosquitto's own {@code mosquitto_sub}
 * (persistent session, QoS 1) writes every producer message to a file, and the HTTP endpoint keeps what it
 * accepted. A message is the producer's number ({@code seq}, persisted by the producer only after the uplink
 * accepted it durably); lost = a number up to the highest accepted that never arrived by either path,
 * duplicate = a delivery of a number already delivered (same id: a retry; another id: the producer offered it
 * again after a crash between the uplink's accept and its own bookkeeping).
 */
final class Deliveries implements AutoCloseable {

    /** A snapshot: how often each number arrived, and the ids seen. */
    record Count(Map<Long, Integer> bySeq, int deliveries, long highest) {

        TreeSet<Long> missingUpTo(long top) {
            TreeSet<Long> missing = new TreeSet<>();
            for (long n = 1; n <= top; n++) {
                if (!bySeq.containsKey(n)) {
                    missing.add(n);
                }
            }
            return missing;
        }

        int duplicates() {
            return deliveries - bySeq.size();
        }
    }

    private final Process subscriber;
    private final Path file;
    private final HttpEndpoint http;

    private Deliveries(Process subscriber, Path file, HttpEndpoint http) {
        this.subscriber = subscriber;
        this.file = file;
        this.http = http;
    }

    /** Subscribes with a persistent session (clean session off, QoS 1) before the producer starts. */
    static Deliveries start(int brokerPort, String topic, Path file, HttpEndpoint http) throws Exception {
        return new Deliveries(subscribe(brokerPort, topic, "campaign-counter", file), file, http);
    }

    /** mosquitto_sub with a persistent session (QoS 1, clean session off) writing each payload as a line to file. */
    static Process subscribe(int brokerPort, String topic, String clientId, Path file) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(brokerPort),
                "-q", "1", "-c", "-i", clientId, "-t", topic).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile())).start();
        Thread.sleep(500);
        if (!p.isAlive()) {
            throw new IllegalStateException("mosquitto_sub exited: " + Files.readString(file));
        }
        return p;
    }

    Count count() throws IOException {
        Map<Long, Integer> bySeq = new HashMap<>();
        int deliveries = 0;
        long highest = 0;
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.addAll(http.accepted());
        for (String line : lines) {
            if (!line.startsWith("{") || !line.contains("\"seq\"")) {
                continue; // mosquitto_sub's own messages (e.g. "Connection error")
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            JsonObject metrics = o.getAsJsonObject("metrics");
            if (metrics == null || !metrics.has("seq")) {
                continue;
            }
            long seq = metrics.get("seq").getAsLong();
            bySeq.merge(seq, 1, Integer::sum);
            deliveries++;
            highest = Math.max(highest, seq);
        }
        return new Count(bySeq, deliveries, highest);
    }

    /**
     * How many delivered messages numbered above {@code afterSeq} carry a timestamp ({@code ts}, the gateway's wall
     * clock) that {@code when} accepts: the messages sent since a mark, so a message stamped long ago by a correct
     * clock does not count as stamped by a clock stepped back.
     */
    long stamped(long afterSeq, java.util.function.Predicate<java.time.Instant> when) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.addAll(http.accepted());
        long n = 0;
        for (String line : lines) {
            if (line.startsWith("{") && line.contains("\"seq\"")) {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                JsonObject metrics = o.getAsJsonObject("metrics");
                if (o.has("ts") && metrics != null && metrics.has("seq") && metrics.get("seq").getAsLong() > afterSeq
                        && when.test(java.time.Instant.parse(o.get("ts").getAsString()))) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void close() throws InterruptedException {
        subscriber.destroy();
        subscriber.waitFor(5, TimeUnit.SECONDS);
    }
}
