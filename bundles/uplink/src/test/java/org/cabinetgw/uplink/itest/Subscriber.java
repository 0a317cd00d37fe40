package org.cabinetgw.uplink.itest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * An independent subscriber: {@code mosquitto_sub} (Debian's mosquitto-clients) with a persistent
 * session at QoS 1, writing every payload on a line of its own to a file. It shares no code with the
 * uplink; it counts what the broker really delivered, by message id.
 */
public final class Subscriber implements AutoCloseable {

    private final Path out;
    private final Process process;

    public Subscriber(Mosquitto broker, String topicFilter, Path out) throws Exception {
        this.out = out;
        this.process = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-t", topicFilter, "-q", "1", "-c", "-i", "independent-" + System.nanoTime(), "-F", "%t %p")
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        awaitSubscribed(broker, topicFilter);
    }

    /**
     * Waits until the subscription is in place: a probe published under the filter (on a topic ending in
     * {@code /status}, which {@link #received} leaves out) has come back. A fixed pause of 300 ms was too short on
     * a loaded machine: what the test sent first was published before anyone listened. A filter without a
     * trailing {@code /#} gets the pause (nothing can be published under it without being counted).
     */
    private void awaitSubscribed(Mosquitto broker, String topicFilter) throws Exception {
        if (!topicFilter.endsWith("/#")) {
            Thread.sleep(300);
            requireAlive();
            return;
        }
        String probe = topicFilter.substring(0, topicFilter.length() - 1) + "cabinetgw-test-probe/status";
        Await.until("the subscription to " + topicFilter + " in place", Duration.ofSeconds(30), () -> {
            requireAlive();
            new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()), "-t", probe,
                    "-m", "probe", "-q", "1").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(10, TimeUnit.SECONDS);
            return Files.readString(out, StandardCharsets.UTF_8).contains(probe + " ");
        });
    }

    private void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto_sub exited");
        }
    }

    /** Every (topic, message) received, in arrival order; status messages are left out. */
    public List<Map.Entry<String, JsonObject>> received() throws IOException {
        List<Map.Entry<String, JsonObject>> list = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space < 0 || line.substring(0, space).endsWith("/status")) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line.substring(space + 1)).getAsJsonObject();
            list.add(Map.entry(line.substring(0, space), o));
        }
        return list;
    }

    /** How often each id arrived. */
    public Map<String, Integer> countsById() throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Map.Entry<String, JsonObject> e : received()) {
            counts.merge(e.getValue().get("id").getAsString(), 1, Integer::sum);
        }
        return counts;
    }

    /** Waits until every id in {@code expected} has arrived; returns what arrived. */
    public Map<String, Integer> awaitIds(Set<String> expected, long timeoutMillis) throws Exception {
        Optional<Map<String, Integer>> all = Await.within(Duration.ofMillis(timeoutMillis), this::countsById,
                counts -> counts.keySet().containsAll(expected));
        return all.isPresent() ? all.get() : countsById();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
