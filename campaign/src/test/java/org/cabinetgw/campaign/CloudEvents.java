package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The failover coordinator's messages to the cloud (the cabinet state on {@code failover/cabinet} when it changes,
 * alarms on {@code failover/alarm}: bundles/failover), as the cloud receives them: over MQTT (an independent
 * {@code mosquitto_sub}) or over the HTTP fallback. The issue asks that a fault shows "as an event within a
 * bound": this is the event an operator's cloud sees, dated by the gateway's own {@code ts}, so a message queued
 * while the broker was away still counts from when it was raised.
 */
final class CloudEvents implements AutoCloseable {

    static final String TOPICS = "failover/";

    private final Process subscriber;
    private final Path file;
    private final HttpEndpoint http;

    private CloudEvents(Process subscriber, Path file, HttpEndpoint http) {
        this.subscriber = subscriber;
        this.file = file;
        this.http = http;
    }

    static CloudEvents start(int brokerPort, String prefix, Path file, HttpEndpoint http) throws Exception {
        return new CloudEvents(Deliveries.subscribe(brokerPort, prefix + "/" + TOPICS + "#", "campaign-events", file), file,
                http);
    }

    /** "topic after N.N s" for the first message of each failover topic stamped since {@code sinceMillis}. */
    String since(long sinceMillis) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        lines.addAll(http.accepted());
        return firstOfEachTopic(lines, sinceMillis);
    }

    static String firstOfEachTopic(List<String> lines, long sinceMillis) {
        Map<String, Long> first = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("{") || !line.contains(TOPICS)) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException notAMessage) {
                continue;
            }
            if (!o.has("topic") || !o.has("ts") || !o.get("topic").getAsString().startsWith(TOPICS)) {
                continue;
            }
            long ts = Instant.parse(o.get("ts").getAsString()).toEpochMilli();
            if (ts >= sinceMillis) {
                first.merge(o.get("topic").getAsString(), ts, Math::min);
            }
        }
        StringBuilder b = new StringBuilder();
        first.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> b.append(b.length() == 0 ? "" : "; ")
                .append(e.getKey()).append(String.format(java.util.Locale.ROOT, " after %.1f s",
                        (e.getValue() - sinceMillis) / 1000.0)));
        return b.length() == 0 ? "none" : b.toString();
    }

    @Override
    public void close() throws InterruptedException {
        subscriber.destroy();
        subscriber.waitFor(5, TimeUnit.SECONDS);
    }
}
