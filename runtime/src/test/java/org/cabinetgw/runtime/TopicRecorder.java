package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * An independent subscriber for one topic of the uplink's JSON messages: Mosquitto's own {@code mosquitto_sub}
 * writes each payload on a line; the test reads each message's id and the time it was made ({@code ts}). For a
 * producer that does not number its messages (a meter publishing on every poll), see {@link SequenceSubscriber}
 * for one that does.
 */
final class TopicRecorder implements AutoCloseable {

    /** One message as it arrived: its id, when its producer made it, and its metrics (empty when it has none). */
    record Message(String id, Instant made, JsonObject metrics) {

        /** A metric as text, or null when the message does not carry it. */
        String metric(String name) {
            return metrics.has(name) && !metrics.get(name).isJsonNull() ? metrics.get(name).getAsString() : null;
        }
    }

    private final Process process;
    private final Path file;

    private TopicRecorder(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Subscribes at QoS 1 (what arrives before the subscription is not seen: count from the first arrival). */
    static TopicRecorder start(int port, String topic, Path file) throws IOException {
        Process p = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-i", "e2e-recorder-" + ProcessHandle.current().pid() + "-" + System.nanoTime(), "-t", topic)
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        return new TopicRecorder(p, file);
    }

    /** Every message so far, in arrival order (a line being written is left for the next read). */
    List<Message> received() throws IOException {
        List<Message> out = new ArrayList<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int complete = text.lastIndexOf('\n');
        for (String line : (complete < 0 ? "" : text.substring(0, complete)).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            out.add(new Message(o.get("id").getAsString(), Instant.parse(o.get("ts").getAsString()),
                    o.has("metrics") && o.get("metrics").isJsonObject() ? o.getAsJsonObject("metrics") : new JsonObject()));
        }
        return out;
    }

    /** Waits until at least {@code count} messages arrived. */
    void awaitCount(int count, long timeoutMillis) throws Exception {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (received().size() < count) {
            if (System.currentTimeMillis() > end || !process.isAlive()) {
                throw new AssertionError("fewer than " + count + " messages within " + timeoutMillis + " ms: "
                        + Files.readString(file));
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
