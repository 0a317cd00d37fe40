package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment files and their recovery without the writer: preallocated files, rolling over to the spare,
 * deleting spent segments oldest first, and what recovery makes of a zero tail, a torn tail and a leftover spare.
 */
class SegmentFilesTest {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewQueueStartsWithOnePreallocatedSegmentAndRollsToTheSpare() throws IOException {
        SegmentFiles files = new SegmentFiles(dir, SEGMENT);
        try {
            files.resume(List.of());
            assertThat(files.current().number).isEqualTo(1);
            assertThat(Files.size(files.current().path)).isEqualTo(SEGMENT);
            assertThat(files.current().size).as("preallocated zeros are free space").isZero();
            files.prepareSpare(2);
            files.roll();
            assertThat(files.current().number).isEqualTo(2);
            assertThat(files.count()).isEqualTo(2);
            assertThat(files.oldest().number).isEqualTo(1);
        } finally {
            files.stopPreallocation();
            files.close();
        }
        assertThat(names()).contains("00000000000000000001.seg", "00000000000000000002.seg");
    }

    @Test
    void spentSegmentsGoOldestFirstAndNeverPastOneStillLive() throws IOException {
        SegmentFiles files = new SegmentFiles(dir, SEGMENT);
        try {
            files.resume(List.of());
            files.roll();
            files.roll(); // segments 1, 2, 3 (current)
            assertThat(files.count()).isEqualTo(3);
            files.oldest().liveCount = 1; // segment 1 still holds a message
            files.deleteDeadSegments();
            assertThat(files.count()).as("2 is dead but 1 before it is not").isEqualTo(3);
            files.oldest().liveCount = 0;
            files.deleteDeadSegments();
            assertThat(files.count()).as("the current segment stays").isEqualTo(1);
            assertThat(files.current().number).isEqualTo(3);
        } finally {
            files.stopPreallocation();
            files.close();
        }
        assertThat(names()).filteredOn(n -> n.endsWith(".seg")).containsExactly("00000000000000000003.seg");
    }

    @Test
    void compactionTakesTheOldestSealedSegmentOnlyWhenMostlyDead() throws IOException {
        SegmentFiles files = new SegmentFiles(dir, SEGMENT);
        try {
            files.resume(List.of());
            files.roll();
            Segment oldest = files.oldest();
            oldest.size = 40_000;
            oldest.liveCount = 1;
            oldest.liveBytes = 9_000;
            assertThat(Compaction.candidate(files)).as("two segments: not worth it").isNull();
            files.roll();
            assertThat(Compaction.candidate(files)).isSameAs(oldest);
            oldest.liveBytes = 10_000;
            assertThat(Compaction.candidate(files)).as("a quarter live").isNull();
            oldest.liveCount = 0;
            oldest.liveBytes = 0;
            assertThat(Compaction.candidate(files)).as("nothing to copy: it is deleted instead").isNull();
        } finally {
            files.stopPreallocation();
            files.close();
        }
    }

    @Test
    void recoveryKeepsAZeroTailDropsATornOneAndRemovesALeftoverSpare() throws IOException {
        QueuedMessage m = new QueuedMessage(0, "a", org.cabinetgw.telemetry.Priority.EVENT, "t", new byte[10])
                .withSeq(7);
        ByteBuffer record = ByteBuffer.allocate(m.storedSize());
        RecordCodec.writeData(record, m);
        byte[] good = record.array();
        byte[] zeroTail = new byte[good.length + 4096];
        System.arraycopy(good, 0, zeroTail, 0, good.length);
        Files.write(dir.resolve("00000000000000000001.seg"), zeroTail);
        byte[] torn = new byte[good.length + 5];
        System.arraycopy(good, 0, torn, 0, good.length);
        torn[good.length] = 0x55; // half a record's header, then the power went
        torn[good.length + 1] = 0x66;
        Files.write(dir.resolve("00000000000000000002.seg"), torn);
        Files.write(dir.resolve("00000000000000000003.spare"), new byte[100]);
        Files.write(dir.resolve("notes.seg"), new byte[1]);

        LogRecovery.Recovered r = LogRecovery.recover(dir);
        try {
            assertThat(r.segments()).extracting(s -> s.number).containsExactly(1L, 2L);
            assertThat(r.segments().get(0).size).isEqualTo(good.length);
            assertThat(r.tornTailBytes()).isEqualTo(2);
            assertThat(Files.size(dir.resolve("00000000000000000002.seg"))).isEqualTo(good.length);
            assertThat(Files.size(dir.resolve("00000000000000000001.seg"))).as("zero tail kept")
                    .isEqualTo(zeroTail.length);
            assertThat(r.entries()).extracting(e -> e.seq).containsExactly(7L);
            assertThat(r.entries().iterator().next().segment.number).as("the later copy wins").isEqualTo(2);
            assertThat(r.nextSeq()).isEqualTo(8);
            assertThat(names()).doesNotContain("00000000000000000003.spare");
        } finally {
            for (Segment s : r.segments()) {
                s.channel.close();
            }
        }
    }
}
