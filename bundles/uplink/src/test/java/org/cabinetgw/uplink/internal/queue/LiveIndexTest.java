package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;

/** The live index on its own: accounting per segment, ranges, and eviction by priority within the limits. */
class LiveIndexTest {

    private final Segment first = new Segment(1, Path.of("1.seg"), null, 0);
    private final Segment second = new Segment(2, Path.of("2.seg"), null, 0);
    private long seq;

    private LiveIndex.Entry add(LiveIndex index, Priority p, int size, Segment s) {
        LiveIndex.Entry e = new LiveIndex.Entry(++seq, p, false, size, s, seq * 1000);
        index.add(e);
        return e;
    }

    @Test
    void countsEntriesAndBytesPerPriorityAndPerSegment() {
        LiveIndex index = new LiveIndex(1_000_000, 100);
        add(index, Priority.ALARM, 100, first);
        add(index, Priority.TELEMETRY, 50, first);
        add(index, Priority.TELEMETRY, 70, second);
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.bytes()).isEqualTo(220);
        assertThat(index.count(Priority.TELEMETRY)).isEqualTo(2);
        assertThat(first.liveCount).isEqualTo(2);
        assertThat(first.liveBytes).isEqualTo(150);

        assertThat(index.remove(2)).isTrue();
        assertThat(index.remove(2)).as("a late acknowledgement").isFalse();
        assertThat(index.remove(99)).as("unknown").isFalse();
        assertThat(first.liveCount).isEqualTo(1);
        assertThat(index.bytes()).isEqualTo(170);
        assertThat(index.contains(1)).isTrue();
        assertThat(index.contains(2)).isFalse();
        assertThat(index.range(0, 3)).extracting(e -> e.seq).containsExactly(1L, 3L);
        assertThat(index.range(1, 1)).isEmpty();
        assertThat(index.in(first)).extracting(e -> e.seq).containsExactly(1L);
    }

    @Test
    void telemetryEvictsTheOldestTelemetryButAnAlarmNeverAnAlarm() {
        LiveIndex index = new LiveIndex(1_000_000, 3);
        add(index, Priority.ALARM, 10, first);
        add(index, Priority.TELEMETRY, 10, first);
        add(index, Priority.TELEMETRY, 10, first);
        List<Long> evictions = new ArrayList<>();
        Map<Priority, Integer> by = new EnumMap<>(Priority.class);

        assertThat(index.makeRoom(Priority.TELEMETRY, 10, evictions, by)).isTrue();
        assertThat(evictions).containsExactly(2L);
        assertThat(by).containsEntry(Priority.TELEMETRY, 1);

        add(index, Priority.ALARM, 10, first); // seq 4: alarms 1 and 4, telemetry 3
        assertThat(index.makeRoom(Priority.ALARM, 10, evictions, by)).isTrue();
        assertThat(evictions).containsExactly(2L, 3L);
        add(index, Priority.ALARM, 10, first);
        assertThat(index.makeRoom(Priority.ALARM, 10, evictions, by)).as("only alarms left").isFalse();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void theByteLimitEvictsAsManyAsItTakes() {
        LiveIndex index = new LiveIndex(100, 1000);
        add(index, Priority.TELEMETRY, 40, first);
        add(index, Priority.TELEMETRY, 40, first);
        List<Long> evictions = new ArrayList<>();
        assertThat(index.makeRoom(Priority.EVENT, 90, evictions, new EnumMap<>(Priority.class))).isTrue();
        assertThat(evictions).containsExactly(1L, 2L);
        assertThat(index.makeRoom(Priority.EVENT, 101, evictions, new EnumMap<>(Priority.class))).isFalse();
    }

    @Test
    void aMovedEntryCountsInItsNewSegmentUnlessItWasAcknowledgedMeanwhile() {
        LiveIndex index = new LiveIndex(1_000_000, 100);
        LiveIndex.Entry kept = add(index, Priority.EVENT, 30, first);
        LiveIndex.Entry gone = add(index, Priority.EVENT, 20, first);
        index.remove(gone.seq);
        index.moved(kept, second, 4096);
        index.moved(gone, second, 8192);
        assertThat(kept.segment).isSameAs(second);
        assertThat(kept.offset).isEqualTo(4096);
        assertThat(gone.segment).isSameAs(first);
        assertThat(first.liveCount).isZero();
        assertThat(first.liveBytes).isZero();
        assertThat(second.liveCount).isEqualTo(1);
        assertThat(second.liveBytes).isEqualTo(30);
    }
}
