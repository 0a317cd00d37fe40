package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaLogTest {

    @TempDir
    Path dir;

    static Message message(int n) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("n", (long) n);
        metrics.put("volts", 230.5);
        metrics.put("ok", true);
        metrics.put("note", "ünïcode \"quoted\"");
        return new Message("id-" + n, "test", "t/" + n, Priority.TELEMETRY, Instant.ofEpochMilli(1_700_000_000_000L + n),
                metrics, n % 2 == 0 ? "" : "{\"raw\":" + n + "}");
    }

    static List<String> ids(List<Message> ms) {
        return ms.stream().map(Message::id).toList();
    }

    @Test
    void pendingIsAppendedMinusAcknowledgedInOrderAcrossAReopen() throws IOException {
        Path f = dir.resolve("replica");
        try (ReplicaLog log = ReplicaLog.open(f)) {
            log.append(List.of(message(1), message(2), message(3)));
            log.acknowledge(List.of("id-2", "id-unknown"));
            log.append(List.of(message(4)));
        }
        try (ReplicaLog log = ReplicaLog.open(f)) {
            assertThat(ids(log.pending())).containsExactly("id-1", "id-3", "id-4");
            assertThat(log.pending().get(1)).isEqualTo(message(3)); // every field back, numbers as they were
            assertThat(log.damagedBytes()).isZero();
        }
    }

    @Test
    void aTornTailAtEveryLengthKeepsEveryWholeRecord() throws IOException {
        Path f = dir.resolve("replica");
        try (ReplicaLog log = ReplicaLog.open(f)) {
            log.append(List.of(message(1)));
            log.append(List.of(message(2)));
        }
        byte[] whole = Files.readAllBytes(f);
        int first;
        try (ReplicaLog one = ReplicaLog.open(dir.resolve("one"))) {
            one.append(List.of(message(1)));
        }
        first = (int) Files.size(dir.resolve("one"));
        for (int cut = first; cut < whole.length; cut++) {
            Path g = dir.resolve("torn-" + cut);
            Files.write(g, java.util.Arrays.copyOf(whole, cut));
            try (ReplicaLog log = ReplicaLog.open(g)) {
                assertThat(ids(log.pending())).as("cut at %d", cut).containsExactly("id-1");
                assertThat(log.damagedBytes()).isEqualTo(cut - first);
                log.append(List.of(message(3))); // and it goes on after the good part
            }
            try (ReplicaLog log = ReplicaLog.open(g)) {
                assertThat(ids(log.pending())).containsExactly("id-1", "id-3");
            }
        }
    }

    @Test
    void aFlippedBitOrGarbageEndsTheReadablePartAndIsKeptAside() throws IOException {
        Path f = dir.resolve("replica");
        try (ReplicaLog log = ReplicaLog.open(f)) {
            log.append(List.of(message(1), message(2)));
        }
        byte[] b = Files.readAllBytes(f);
        b[b.length - 5] ^= 0x10;
        Files.write(f, b);
        try (ReplicaLog log = ReplicaLog.open(f)) {
            assertThat(ids(log.pending())).containsExactly("id-1");
            assertThat(log.damagedBytes()).isPositive();
        }
        assertThat(dir.resolve("replica.damaged")).exists();
        Random r = new Random(12);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[r.nextInt(200)];
            r.nextBytes(junk);
            Path g = dir.resolve("junk");
            Files.write(g, junk);
            try (ReplicaLog log = ReplicaLog.open(g)) {
                assertThat(log.pending()).isEmpty();
                assertThat(log.damagedBytes()).isEqualTo(junk.length);
                log.append(List.of(message(i)));
            }
            try (ReplicaLog log = ReplicaLog.open(g)) {
                assertThat(ids(log.pending())).endsWith("id-" + i);
            }
        }
    }

    @Test
    void compactionKeepsOnlyWhatIsPending() throws IOException {
        Path f = dir.resolve("replica");
        try (ReplicaLog log = ReplicaLog.open(f)) {
            for (int i = 0; i < 100; i++) {
                log.append(List.of(message(i)));
            }
            List<String> acked = new ArrayList<>();
            for (int i = 0; i < 98; i++) {
                acked.add("id-" + i);
            }
            log.acknowledge(acked);
            long before = Files.size(f);
            log.compact();
            assertThat(Files.size(f)).isLessThan(before / 20);
            log.append(List.of(message(500)));
        }
        try (ReplicaLog log = ReplicaLog.open(f)) {
            assertThat(ids(log.pending())).containsExactly("id-98", "id-99", "id-500");
        }
    }

    @Test
    void aTakeoverHandsOverThePendingWithTheirIdsOnceAndKeepsWhatIsRefused() throws IOException {
        Path f = dir.resolve("replica");
        List<Message> published = new ArrayList<>();
        Uplink uplink = m -> {
            if (m.id().equals("id-3")) {
                throw new UplinkRefusedException(UplinkRefusedException.Reason.QUEUE_FULL, "full");
            }
            published.add(m);
        };
        try (ReplicaLog log = ReplicaLog.open(f)) {
            log.append(List.of(message(1), message(2), message(3), message(4)));
            log.acknowledge(List.of("id-1"));
            ReplicaReplay.Result r = ReplicaReplay.replay(log, uplink);
            assertThat(r.replayed()).isEqualTo(2);
            assertThat(r.refused()).containsExactly("id-3");
            assertThat(published).containsExactly(message(2), message(4));
        }
        try (ReplicaLog log = ReplicaLog.open(f)) {
            assertThat(ids(log.pending())).containsExactly("id-3"); // handed over once: a restart replays the rest
        }
    }
}
