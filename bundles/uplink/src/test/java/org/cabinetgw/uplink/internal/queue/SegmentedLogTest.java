package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedLogTest {

    @TempDir
    Path dir;

    private static QueuedMessage msg(String id, Priority p, String topic, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        java.util.Arrays.fill(payload, (byte) 'x');
        return new QueuedMessage(0, id, p, topic, payload);
    }

    private static QueuedMessage msg(String id) {
        return msg(id, Priority.TELEMETRY, "t/" + (id.hashCode() & 3), 100);
    }

    private QueueOptions options(long maxBytes, int maxMessages, int segmentBytes) {
        return new QueueOptions(dir, maxBytes, maxMessages, segmentBytes, 1000);
    }

    private static List<QueuedMessage> all(SegmentedLog log) throws IOException {
        return log.peek(0, Integer.MAX_VALUE, (q, p, a) -> true);
    }

    private static List<String> ids(List<QueuedMessage> list) {
        return list.stream().map(QueuedMessage::id).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void acceptedMessagesSurviveReopenInOrder() throws Exception {
        List<String> expected = new ArrayList<>();
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 200; i++) {
                String id = "m" + i;
                expected.add(id);
                QueuedMessage stored = log.appendAndWait(msg(id), 5000);
                assertThat(stored.seq()).isPositive();
            }
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            List<QueuedMessage> back = all(log);
            assertThat(ids(back)).containsExactlyElementsOf(expected);
            assertThat(back.get(7).payload()).hasSize(100);
            assertThat(back.get(7).topic()).isEqualTo(msg("m7").topic());
            assertThat(log.corruptRecords()).isZero();
            // numbering continues after a restart: order is kept across it
            QueuedMessage next = log.appendAndWait(msg("after"), 5000);
            assertThat(next.seq()).isGreaterThan(back.get(back.size() - 1).seq());
        }
    }

    @Test
    void acknowledgedMessagesStayGoneAfterReopen() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
            List<QueuedMessage> first = log.peek(0, 4, (q, p, a) -> true);
            log.acknowledge(first.stream().map(QueuedMessage::seq).toList());
            assertThat(log.size()).isEqualTo(6);
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(ids(all(log))).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        }
    }

    @Test
    void numberingSurvivesAnEmptiedQueue() throws Exception {
        long lastSeq;
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 1000, 4096), new QueueListener() { })) {
            for (int i = 0; i < 100; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
            List<QueuedMessage> everything = all(log);
            lastSeq = everything.get(everything.size() - 1).seq();
            log.acknowledge(everything.stream().map(QueuedMessage::seq).toList());
            log.appendAndWait(msg("roll"), 5000); // forces the ACK out and spent segments away
            log.acknowledge(List.of(all(log).get(0).seq()));
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 20, 1000, 4096), new QueueListener() { })) {
            assertThat(log.isEmpty()).isTrue();
            assertThat(log.appendAndWait(msg("new"), 5000).seq()).isGreaterThan(lastSeq);
        }
    }

    @Test
    void tornTailIsTruncatedAndTheRestKept() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
        }
        Path last = segmentFiles().get(segmentFiles().size() - 1);
        long goodEnd = RecordCodec.seqRecordSize() + 10L * msg("m0").storedSize();
        // half a record just after the last good one, as a crash in the middle of a write leaves it
        ByteBuffer record = ByteBuffer.allocate(msg("torn").storedSize());
        RecordCodec.writeData(record, msg("torn").withSeq(99));
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(record.array(), 0, record.capacity() / 2), goodEnd);
        }

        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(log.tornTailBytes()).isEqualTo(record.capacity() / 2);
            assertThat(Files.size(last)).isEqualTo(goodEnd);
            assertThat(all(log)).hasSize(10);
            log.appendAndWait(msg("m10"), 5000);
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(ids(all(log))).hasSize(11).endsWith("m10");
            assertThat(log.tornTailBytes()).isZero();
        }
    }

    @Test
    void recordWithBadChecksumIsSkippedAndCounted() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
        }
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int recordSize = msg("m0").storedSize();
        int seqRecord = RecordCodec.seqRecordSize();
        int fifth = seqRecord + 4 * recordSize;
        bytes[fifth + recordSize - 3] ^= 0x5A; // a bit flip inside m4's payload
        Files.write(seg, bytes);

        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(log.corruptRecords()).isEqualTo(1);
            assertThat(ids(all(log))).containsExactly("m0", "m1", "m2", "m3", "m5", "m6", "m7", "m8", "m9");
        }
    }

    @Test
    void damagedHeaderInTheMiddleResynchronisesOnTheNextRecord() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 5; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
        }
        Path seg = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(seg);
        int second = RecordCodec.seqRecordSize() + msg("m0").storedSize();
        // a huge length: a reader that trusted it would skip everything after
        ByteBuffer.wrap(bytes).putInt(second + 2, 0x7FFFFFF0);
        Files.write(seg, bytes);
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(ids(all(log))).containsExactly("m0", "m2", "m3", "m4");
            assertThat(log.corruptRecords()).isEqualTo(1);
        }
    }

    @Test
    void hostileSegmentFilesDoNotCrashTheQueue() throws Exception {
        Random random = new Random(42);
        byte[] garbage = new byte[64 * 1024];
        random.nextBytes(garbage);
        Files.write(dir.resolve("00000000000000000001.seg"), garbage);
        // a segment made only of record magic numbers followed by nonsense
        ByteBuffer magic = ByteBuffer.allocate(4096);
        while (magic.remaining() >= 2) {
            magic.putShort(RecordCodec.MAGIC);
        }
        Files.write(dir.resolve("00000000000000000002.seg"), magic.array());
        Files.write(dir.resolve("00000000000000000003.seg"), new byte[0]);
        Files.writeString(dir.resolve("notes.seg"), "not a segment");
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(log.isEmpty()).isTrue();
            log.appendAndWait(msg("fine"), 5000);
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(ids(all(log))).containsExactly("fine");
        }
    }

    @Test
    void fullQueueEvictsOldestOfLowestPriorityAndNeverAnAlarmForTelemetry() throws Exception {
        List<String> evictions = new ArrayList<>();
        QueueListener listener = new QueueListener() {
            @Override
            public void evicted(Priority priority, int count) {
                evictions.add(priority + "x" + count);
            }
        };
        try (SegmentedLog log = SegmentedLog.open(options(1 << 30, 5, 1 << 20), listener)) {
            log.appendAndWait(msg("e1", Priority.EVENT, "e", 10), 5000);
            for (int i = 0; i < 4; i++) {
                log.appendAndWait(msg("t" + i, Priority.TELEMETRY, "t", 10), 5000);
            }
            // telemetry into a full queue: the oldest telemetry goes
            log.appendAndWait(msg("t4", Priority.TELEMETRY, "t", 10), 5000);
            assertThat(ids(all(log))).containsExactly("e1", "t1", "t2", "t3", "t4");
            // an alarm evicts telemetry, oldest first
            log.appendAndWait(msg("a1", Priority.ALARM, "a", 10), 5000);
            log.appendAndWait(msg("a2", Priority.ALARM, "a", 10), 5000);
            log.appendAndWait(msg("a3", Priority.ALARM, "a", 10), 5000);
            log.appendAndWait(msg("a4", Priority.ALARM, "a", 10), 5000);
            assertThat(ids(all(log))).containsExactly("e1", "a1", "a2", "a3", "a4");
            // now the event goes for an alarm, but telemetry cannot push anything out
            log.appendAndWait(msg("a5", Priority.ALARM, "a", 10), 5000);
            assertThatThrownBy(() -> log.appendAndWait(msg("t5", Priority.TELEMETRY, "t", 10), 5000))
                    .isInstanceOf(UplinkRefusedException.class)
                    .satisfies(e -> assertThat(((UplinkRefusedException) e).reason()).isEqualTo(Reason.QUEUE_FULL));
            // alarms never evict alarms
            assertThatThrownBy(() -> log.appendAndWait(msg("a6", Priority.ALARM, "a", 10), 5000))
                    .isInstanceOf(UplinkRefusedException.class);
            assertThat(ids(all(log))).containsExactly("a1", "a2", "a3", "a4", "a5");
            assertThat(log.evicted()).isEqualTo(6);
            assertThat(log.refused()).isEqualTo(2);
        }
        assertThat(evictions).contains("TELEMETRYx1", "EVENTx1");
        // evictions are durable
        try (SegmentedLog log = SegmentedLog.open(options(1 << 30, 5, 1 << 20), new QueueListener() { })) {
            assertThat(ids(all(log))).containsExactly("a1", "a2", "a3", "a4", "a5");
        }
    }

    @Test
    void byteLimitEvictsEnoughToFit() throws Exception {
        int record = msg("t0", Priority.TELEMETRY, "t", 1000).storedSize();
        try (SegmentedLog log = SegmentedLog.open(options(record * 3L, 1000, 1 << 20), new QueueListener() { })) {
            for (int i = 0; i < 3; i++) {
                log.appendAndWait(msg("t" + i, Priority.TELEMETRY, "t", 1000), 5000);
            }
            log.appendAndWait(msg("big", Priority.EVENT, "e", 2000), 5000);
            assertThat(ids(all(log))).containsExactly("t2", "big");
            assertThat(log.bytes()).isLessThanOrEqualTo(record * 3L);
        }
    }

    @Test
    void messageLargerThanTheQueueIsRefusedAsTooLarge() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(options(2000, 1000, 1 << 20), new QueueListener() { })) {
            assertThatThrownBy(() -> log.appendAndWait(msg("huge", Priority.ALARM, "a", 5000), 5000))
                    .isInstanceOf(UplinkRefusedException.class)
                    .satisfies(e -> assertThat(((UplinkRefusedException) e).reason()).isEqualTo(Reason.TOO_LARGE));
        }
    }

    @Test
    void spentSegmentsAreDeletedAndMostlyDeadOnesCompacted() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(options(1 << 30, 100_000, 8 * 1024), new QueueListener() { })) {
            log.appendAndWait(msg("keep", Priority.ALARM, "a", 100), 5000);
            for (int i = 0; i < 500; i++) {
                log.appendAndWait(msg("t" + i), 5000);
            }
            assertThat(log.segmentCount()).isGreaterThan(5);
            List<QueuedMessage> everything = all(log);
            log.acknowledge(everything.subList(1, everything.size()).stream().map(QueuedMessage::seq).toList());
            // a few more batches let the writer compact the first segment and delete the rest
            for (int i = 0; i < 5; i++) {
                QueuedMessage m = log.appendAndWait(msg("x" + i), 5000);
                log.acknowledge(List.of(m.seq()));
            }
            assertThat(log.segmentCount()).isLessThanOrEqualTo(3);
            assertThat(ids(all(log))).containsExactly("keep");
        }
        try (SegmentedLog log = SegmentedLog.open(options(1 << 30, 100_000, 8 * 1024), new QueueListener() { })) {
            assertThat(ids(all(log))).containsExactly("keep");
            assertThat(all(log).get(0).priority()).isEqualTo(Priority.ALARM);
        }
    }

    @Test
    void concurrentProducersShareFsyncsAndLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> expected = new HashSet<>();
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            List<CompletableFuture<QueuedMessage>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                for (int i = 0; i < 300; i++) {
                    expected.add(thread + "-" + i);
                }
                pool.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        log.appendAndWait(msg(thread + "-" + i, Priority.TELEMETRY, "t/" + thread, 200), 10_000);
                    }
                    return null;
                }).get();
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(futures).isEmpty();
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            List<QueuedMessage> back = all(log);
            assertThat(ids(back)).containsExactlyInAnyOrderElementsOf(expected);
            // per topic, the order is the order of acceptance
            for (int t = 0; t < 8; t++) {
                String topic = "t/" + t;
                List<String> perTopic = back.stream().filter(m -> m.topic().equals(topic)).map(QueuedMessage::id).toList();
                List<String> want = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    want.add(t + "-" + i);
                }
                assertThat(perTopic).containsExactlyElementsOf(want);
            }
        }
    }

    @Test
    void closedQueueRefusesAsUnavailable() throws Exception {
        SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { });
        log.close();
        assertThatThrownBy(() -> log.appendAndWait(msg("late"), 1000))
                .isInstanceOf(UplinkRefusedException.class)
                .satisfies(e -> assertThat(((UplinkRefusedException) e).reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    @Test
    void idAndTopicSurviveUnicode() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            log.appendAndWait(new QueuedMessage(0, "ïd-✓", Priority.EVENT, "Zähler/€/𝄞",
                    "{\"v\":\"ß\"}".getBytes(StandardCharsets.UTF_8)), 5000);
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            QueuedMessage m = all(log).get(0);
            assertThat(m.id()).isEqualTo("ïd-✓");
            assertThat(m.topic()).isEqualTo("Zähler/€/𝄞");
            assertThat(m.payloadText()).isEqualTo("{\"v\":\"ß\"}");
        }
    }

    @Test
    void theAggregateFlagSurvivesReopenAndCompactionAndReachesTheSelector() throws Exception {
        QueueOptions small = options(1 << 30, 100_000, 8 * 1024);
        try (SegmentedLog log = SegmentedLog.open(small, new QueueListener() { })) {
            log.appendAndWait(new QueuedMessage(0, "agg", Priority.TELEMETRY, "t/aggregate", new byte[100], true), 5000);
            log.appendAndWait(msg("raw"), 5000);
            for (int i = 0; i < 300; i++) {
                QueuedMessage m = log.appendAndWait(msg("spent" + i), 5000);
                log.acknowledge(List.of(m.seq()));
            }
            // compaction copied the two live records forward at least once: the flag went with them
            assertThat(log.segmentCount()).isLessThanOrEqualTo(3);
        }
        try (SegmentedLog log = SegmentedLog.open(small, new QueueListener() { })) {
            assertThat(log.corruptRecords()).isZero();
            assertThat(all(log)).extracting(QueuedMessage::id, QueuedMessage::aggregate)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("agg", true),
                            org.assertj.core.groups.Tuple.tuple("raw", false));
            assertThat(ids(log.peek(0, 10, (q, p, aggregate) -> aggregate))).containsExactly("agg");
            assertThat(ids(log.peek(0, 10, (q, p, aggregate) -> !aggregate))).containsExactly("raw");
        }
    }

    @Test
    void unpairedSurrogatesInIdAndTopicKeepTheRecordSizeRight() throws Exception {
        // hostile strings: the encoder writes '?' for an unpaired surrogate; the size computed before
        // writing must match, or every later read of this segment would be off
        String[] hostile = {"a\uD800", "\uDC00b", "\uD800\uD800\uDC00", "x\uDBFF"};
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (String h : hostile) {
                QueuedMessage m = new QueuedMessage(0, "id-" + h, Priority.EVENT, "t/" + h, new byte[] {'{', '}'});
                assertThat(m.storedSize()).isEqualTo(RecordCodec.HEADER + 1 + 8 + 1
                        + 1 + m.id().getBytes(StandardCharsets.UTF_8).length
                        + 2 + m.topic().getBytes(StandardCharsets.UTF_8).length + 2);
                log.appendAndWait(m, 5000);
            }
            log.appendAndWait(msg("after"), 5000);
            assertThat(all(log)).hasSize(5).last().satisfies(m -> assertThat(m.id()).isEqualTo("after"));
        }
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(log.corruptRecords()).isZero();
            assertThat(ids(all(log))).hasSize(5).endsWith("after").first().isEqualTo("id-a?");
        }
    }

    @Test
    void peekReadsBackEveryRecordAcrossBatchesAcknowledgementsAndSegments() throws Exception {
        // many small batches (each followed by ACK records once some are acknowledged) over several
        // segments: what peek returns, read in spans, is exactly what went in, whatever the selection
        try (SegmentedLog log = SegmentedLog.open(options(1 << 30, 100_000, 16 * 1024), new QueueListener() { })) {
            List<String> expected = new ArrayList<>();
            Random random = new Random(7);
            for (int i = 0; i < 300; i++) {
                Priority p = i % 5 == 0 ? Priority.ALARM : Priority.TELEMETRY;
                QueuedMessage m = log.appendAndWait(msg("m" + i, p, "t/" + i, 1 + random.nextInt(400)), 5000);
                if (i % 7 == 3) {
                    log.acknowledge(List.of(m.seq()));
                } else {
                    expected.add("m" + i);
                }
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
            List<QueuedMessage> back = all(log);
            assertThat(ids(back)).containsExactlyElementsOf(expected);
            for (QueuedMessage m : back) {
                assertThat(m.topic()).isEqualTo("t/" + m.id().substring(1));
            }
            List<QueuedMessage> alarms = log.peek(0, Integer.MAX_VALUE, (q, p, a) -> p == Priority.ALARM);
            assertThat(ids(alarms)).containsExactlyElementsOf(
                    expected.stream().filter(id -> Integer.parseInt(id.substring(1)) % 5 == 0).toList());
            List<QueuedMessage> some = log.peek(back.get(10).seq(), 25, (q, p, a) -> q % 2 == 0);
            assertThat(some).hasSize(25).allSatisfy(m -> assertThat(m.seq() % 2).isZero());
            assertThat(some.get(0).seq()).isGreaterThan(back.get(10).seq());
        }
    }

    @Test
    void producersRacingACloseAreEachAnsweredAndNeverLeftWaiting() throws Exception {
        for (int round = 0; round < 20; round++) {
            Path roundDir = Files.createDirectories(dir.resolve("r" + round));
            SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(roundDir), new QueueListener() { });
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<CompletableFuture<QueuedMessage>> futures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        futures.add(log.append(msg(thread + "-" + i)));
                    }
                });
            }
            Thread.sleep(round % 3);
            log.close();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            for (CompletableFuture<QueuedMessage> f : futures) {
                // stored (written before the close) or refused as UNAVAILABLE: answered either way, at once
                String outcome = f.handle((stored, e) -> stored != null ? "stored"
                        : e instanceof UplinkRefusedException r && r.reason() == Reason.UNAVAILABLE ? "refused"
                        : "failed: " + e).get(5, TimeUnit.SECONDS);
                assertThat(outcome).isIn("stored", "refused");
            }
        }
    }

    @Test
    void aPriorityByteWithUnknownFlagsIsSkippedAsDamagedEvenWithAValidChecksum() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            for (int i = 0; i < 3; i++) {
                log.appendAndWait(msg("m" + i), 5000);
            }
        }
        Path seg = segmentFiles().get(0);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(seg));
        int recordSize = msg("m0").storedSize();
        int second = RecordCodec.seqRecordSize() + recordSize;
        int body = second + RecordCodec.HEADER;
        // flag 0x40 is not defined: set it and write a checksum that matches, as a future version might
        bytes.put(body + 1 + 8, (byte) (Priority.TELEMETRY.ordinal() | 0x40));
        bytes.putInt(body - 4, RecordCodec.crc(bytes, body, recordSize - RecordCodec.HEADER));
        Files.write(seg, bytes.array());
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            assertThat(log.corruptRecords()).isEqualTo(1);
            assertThat(ids(all(log))).containsExactly("m0", "m2");
        }
    }
}
