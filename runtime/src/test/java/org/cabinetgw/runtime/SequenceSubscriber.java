package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.DeploymentPackages;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The independent subscriber: Mosquitto's own {@code mosquitto_sub} (Debian package mosquitto-clients),
 * not our code, writes every message of one topic to a file, one payload per line. The test reads the
 * uplink's JSON from it: message id, and the {@code seq} metric the fixture numbers its messages with.
 */
final class SequenceSubscriber implements AutoCloseable {

    /** One received message; {@code created} is the message's own time stamp (when the fixture made it). */
    record Received(String id, long seq, String version, java.time.Instant created) {
    }

    private final Process process;
    private final Path file;

    private SequenceSubscriber(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/mosquitto_sub"));
    }

    /** Subscribes at QoS 1; returns once a marker published on the topic came through (it is subscribed then). */
    static SequenceSubscriber start(int port, String topic, Path file, Marker marker) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-i", "e2e-counter-" + ProcessHandle.current().pid(), "-t", topic)
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        SequenceSubscriber s = new SequenceSubscriber(p, file);
        // a marker published before the subscription was in place is lost: another after 200 ms; stop if it exited
        Await.within(Duration.ofSeconds(10), () -> {
            marker.publish();
            return Await.within(Duration.ofMillis(200), () -> Files.readString(file).contains("\"marker\""),
                    Boolean.TRUE::equals).isPresent() || !p.isAlive();
        }, Boolean.TRUE::equals);
        if (Files.readString(file).contains("\"marker\"")) {
            return s;
        }
        s.close();
        throw new AssertionError("mosquitto_sub did not receive the marker: " + Files.readString(file));
    }

    /**
     * The producer the hot-swap tests count (issue 15): the fixture package (served at {@code /v1.dp}) installed
     * over DEPLOY-V2 on a gateway whose uplink is up, its numbered telemetry counted from its first message.
     */
    static SequenceSubscriber fixtureInstalled(DeployCloud cloud, int brokerPort, HttpsPackageServer packages,
            Path file) throws Exception {
        String telemetry = cloud.prefix + "/deploy/fixture";
        SequenceSubscriber s = start(brokerPort, telemetry, file, () -> cloud.publish(telemetry, "{\"marker\":true}"));
        try {
            JsonObject installed = cloud.deploy(packages.url("/v1.dp"), RemoteDeploymentIT.NAME, "1.0.0",
                    DeploymentPackages.sha256(RemoteDeploymentIT.fixture("v1")), 1);
            if (!"COMPLETED".equals(installed.get("dp.install.status").getAsString())) {
                throw new AssertionError("the fixture package was not installed: " + installed);
            }
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    /** Publishes a marker message on the subscriber's topic. */
    interface Marker {
        void publish() throws Exception;
    }

    /** Every message of the fixture received so far, in arrival order (markers left out). */
    List<Received> received() throws IOException {
        List<Received> list = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.contains("\"marker\"")) {
                continue;
            }
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            JsonObject metrics = o.getAsJsonObject("metrics");
            list.add(new Received(o.get("id").getAsString(), metrics.get("seq").getAsLong(),
                    metrics.get("version").getAsString(), java.time.Instant.parse(o.get("ts").getAsString())));
        }
        return list;
    }

    /** The highest sequence number received, or 0. */
    long highest() throws IOException {
        return received().stream().mapToLong(Received::seq).max().orElse(0);
    }

    /** Waits until a message numbered at least {@code seq} from {@code version} arrived. */
    void awaitSeq(long seq, String version, long timeoutMillis) throws Exception {
        if (Await.within(Duration.ofMillis(timeoutMillis),
                () -> received().stream().anyMatch(r -> r.seq() >= seq && r.version().equals(version)),
                Boolean.TRUE::equals).isEmpty()) {
            throw new AssertionError("no message numbered " + seq + " or more from " + version + " within " + timeoutMillis
                    + " ms; highest: " + highest());
        }
    }

    /** The numbers missing between the first (1: a fresh install) and the highest received. */
    TreeSet<Long> missing() throws IOException {
        return missing(received());
    }

    /** The same for a snapshot of {@link #received()}. */
    static TreeSet<Long> missing(List<Received> received) {
        TreeSet<Long> seen = new TreeSet<>();
        received.forEach(r -> seen.add(r.seq()));
        TreeSet<Long> missing = new TreeSet<>();
        long top = seen.isEmpty() ? 0 : seen.last();
        for (long n = 1; n <= top; n++) {
            if (!seen.contains(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    /**
     * The longest time between two consecutive numbers' time stamps: how long the fixture's service
     * was not producing, e.g. while it was being updated. Duplicates count once.
     */
    static java.time.Duration longestGap(List<Received> received) {
        java.util.TreeMap<Long, java.time.Instant> bySeq = new java.util.TreeMap<>();
        received.forEach(r -> bySeq.putIfAbsent(r.seq(), r.created()));
        java.time.Duration longest = java.time.Duration.ZERO;
        java.time.Instant previous = null;
        for (java.time.Instant t : bySeq.values()) {
            if (previous != null && java.time.Duration.between(previous, t).compareTo(longest) > 0) {
                longest = java.time.Duration.between(previous, t);
            }
            previous = t;
        }
        return longest;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
