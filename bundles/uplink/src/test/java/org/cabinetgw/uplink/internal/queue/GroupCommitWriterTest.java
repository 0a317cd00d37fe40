package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.Test;

/** The writer thread on its own, committing into a recording committer instead of files. */
class GroupCommitWriterTest {

    /** Records every commit; its acknowledgements waiting are set by the test. */
    private static final class Recorder implements GroupCommitWriter.Committer {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<List<Long>> ackCommits = new CopyOnWriteArrayList<>();
        final List<Long> acks = new ArrayList<>();

        @Override
        public synchronized int acksWaiting() {
            return acks.size();
        }

        @Override
        public synchronized List<Long> takeAcks() {
            List<Long> taken = new ArrayList<>(acks);
            acks.clear();
            return taken;
        }

        @Override
        public void commit(List<GroupCommitWriter.Pending> batch, List<Long> acks) {
            batches.add(batch.stream().map(p -> p.message().id()).toList());
            ackCommits.add(acks);
            batch.forEach(p -> p.result().complete(p.message()));
        }

        synchronized void acknowledge(long seq) {
            acks.add(seq);
        }
    }

    private static GroupCommitWriter.Pending pending(String id) {
        return new GroupCommitWriter.Pending(new QueuedMessage(0, id, Priority.EVENT, "t", new byte[1]),
                new CompletableFuture<>());
    }

    @Test
    void everyMessageHandedOverIsCommittedInOrderWithinTheBatchLimit() throws Exception {
        Recorder recorder = new Recorder();
        GroupCommitWriter writer = new GroupCommitWriter(2, recorder);
        writer.start();
        List<GroupCommitWriter.Pending> handed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            GroupCommitWriter.Pending p = pending("m" + i);
            handed.add(p);
            writer.handOver(p);
        }
        for (GroupCommitWriter.Pending p : handed) {
            assertThat(p.result().get(10, TimeUnit.SECONDS).id()).isEqualTo(p.message().id());
        }
        writer.close(10_000);
        assertThat(writer.alive()).isFalse();
        assertThat(recorder.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(2));
        assertThat(recorder.batches.stream().flatMap(List::stream).toList())
                .containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6");
    }

    @Test
    void acknowledgementsAloneWaitForTheirDelayThenGoOut() throws Exception {
        Recorder recorder = new Recorder();
        GroupCommitWriter writer = new GroupCommitWriter(1000, recorder);
        writer.start();
        try {
            long start = System.nanoTime();
            recorder.acknowledge(41);
            writer.signal();
            Await.within(Duration.ofSeconds(30), () -> !recorder.ackCommits.isEmpty(), Boolean.TRUE::equals);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(recorder.ackCommits).containsExactly(List.of(41L));
            assertThat(waited).as("held back to share a write").isGreaterThanOrEqualTo(GroupCommitWriter.ACK_DELAY_MILLIS);
            assertThat(recorder.batches.get(0)).isEmpty();
        } finally {
            writer.close(10_000);
        }
    }

    @Test
    void closingCommitsWhatIsPendingAndStops() throws Exception {
        Recorder recorder = new Recorder();
        GroupCommitWriter writer = new GroupCommitWriter(1000, recorder);
        writer.start();
        recorder.acknowledge(7);
        writer.close(10_000);
        assertThat(writer.closing()).isTrue();
        assertThat(writer.alive()).isFalse();
        assertThat(recorder.ackCommits).containsExactly(List.of(7L));
        GroupCommitWriter.Pending late = pending("late");
        writer.handOver(late);
        assertThat(writer.leftover()).as("nobody commits after the close: the log refuses it").isSameAs(late);
        assertThat(writer.leftover()).isNull();
    }
}
