package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.cabinetgw.uplink.internal.mqtt.MqttTransport;
import org.cabinetgw.uplink.itest.Mosquitto;
import org.cabinetgw.uplink.internal.testing.PublisherProcess;
import org.cabinetgw.uplink.itest.Subscriber;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Crashes, full disks and damaged files, with real processes, a real filesystem and a real broker. */
// child JVMs and a tmpfs: a hang must fail this class, not block CI
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class CrashAndDiskTest {

    @TempDir
    Path dir;

    @Test
    void publisherKilledWithSigkillMidBurstDeliversEveryAcceptedMessageAfterRestart() throws Exception {
        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                Subscriber sub = new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt"))) {
            Path data = dir.resolve("uplink");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    PublisherProcess.class.getName(), data.toString(), broker.uri())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Set<String> accepted = new HashSet<>();
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("ACCEPTED ")) {
                        accepted.add(line.substring(9));
                    }
                    if (accepted.size() == 3000) {
                        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no goodbye
                        child.waitFor(10, TimeUnit.SECONDS);
                        break;
                    }
                }
            }
            assertThat(child.isAlive()).isFalse();
            assertThat(accepted.size()).isGreaterThanOrEqualTo(3000);

            // restart: the same queue directory, a new uplink
            try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(data), new UplinkEngine.Events() { })) {
                MqttTransport mqtt = new MqttTransport(MqttSettings.of(broker.uri(), "restarted", "cab/gw1"));
                mqtt.start();
                engine.addTransport(mqtt);
                Map<String, Integer> counts = sub.awaitIds(accepted, 60_000);
                assertThat(accepted).allMatch(counts::containsKey, "every accepted id arrived after the restart");
                assertThat(engine.awaitDrained(10_000)).isTrue();
                mqtt.close();
            }
        }
    }

    @Test
    void corruptQueueFileIsRecoveredAndTheRestDelivered() throws Exception {
        Path data = dir.resolve("uplink");
        List<Message> sent = new ArrayList<>();
        try (UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(data), new UplinkEngine.Events() { })) {
            for (int i = 0; i < 50; i++) {
                Message m = Message.of("test", "c/t", Priority.EVENT, Map.of("i", i));
                engine.publish(m);
                sent.add(m);
            }
        }
        Path segment;
        try (Stream<Path> files = Files.list(data.resolve("queue"))) {
            segment = files.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(segment);
        String victim = sent.get(20).id();
        int at = indexOf(bytes, victim.getBytes(StandardCharsets.UTF_8));
        bytes[at] ^= 0x01; // one flipped bit inside message 20
        Files.write(segment, bytes);

        try (Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
                Subscriber sub = new Subscriber(broker, "cab/gw1/#", dir.resolve("sub.txt"));
                UplinkEngine engine = new UplinkEngine(UplinkSettings.defaults(data), new UplinkEngine.Events() { })) {
            assertThat(engine.corruptRecords()).isEqualTo(1);
            assertThat(engine.snapshot().corruptRecords()).isEqualTo(1);
            MqttTransport mqtt = new MqttTransport(MqttSettings.of(broker.uri(), "after-damage", "cab/gw1"));
            mqtt.start();
            engine.addTransport(mqtt);
            Set<String> expected = new HashSet<>();
            sent.stream().map(Message::id).filter(id -> !id.equals(victim)).forEach(expected::add);
            assertThat(sub.awaitIds(expected, 20_000).keySet()).containsAll(expected).doesNotContain(victim);
            mqtt.close();
        }
    }

    @Test
    void fullDiskRefusesWithAClearErrorAndKeepsWhatWasAccepted() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to mount a size-limited tmpfs");
        Path mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(m.waitFor() == 0, "cannot mount tmpfs here: "
                + new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try {
            UplinkSettings settings = UplinkSettings.defaults(mount).withSegmentBytes(128 * 1024);
            List<String> accepted = new ArrayList<>();
            UplinkRefusedException refusal = null;
            try (UplinkEngine engine = new UplinkEngine(settings, new UplinkEngine.Events() { })) {
                for (int i = 0; i < 5000 && refusal == null; i++) {
                    Message msg = Message.of("test", "d/t", Priority.TELEMETRY, Map.of("i", i, "pad", "x".repeat(900)));
                    try {
                        engine.publish(msg);
                        accepted.add(msg.id());
                    } catch (UplinkRefusedException e) {
                        refusal = e;
                    }
                }
                assertThat(refusal).as("a 1 MB filesystem fills up").isNotNull();
                assertThat(refusal.reason()).isEqualTo(Reason.STORAGE_ERROR);
                assertThat(refusal.getMessage()).contains("No space left on device");
                assertThat(engine.storageFailing()).isTrue();
                // still refusing what does not fit, still not crashing
                assertThatThrownBy(() -> engine.publish(Message.of("t", "d/t", Priority.ALARM,
                        Map.of("pad", "x".repeat(900))))).isInstanceOf(UplinkRefusedException.class);
            }
            assertThat(accepted).isNotEmpty();
            try (UplinkEngine engine = new UplinkEngine(settings, new UplinkEngine.Events() { })) {
                assertThat(engine.queued()).isEqualTo(accepted.size());
                assertThat(engine.corruptRecords()).isZero();
            }
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor();
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
