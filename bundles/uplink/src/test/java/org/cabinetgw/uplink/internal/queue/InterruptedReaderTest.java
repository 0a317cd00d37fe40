package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.cabinetgw.telemetry.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread whose interrupt flag is set reads the queue: a dispatcher being stopped, an HTTP or Gogo thread of a
 * listing, the pair's catch-up. A {@code FileChannel} read from such a thread closes the channel for every user, so
 * one such read used to leave the queue unable to read or write anything until a restart ("the queue cannot
 * write").
 */
class InterruptedReaderTest {

    @TempDir
    Path dir;

    private static QueuedMessage msg(String id) {
        return new QueuedMessage(0, id, Priority.TELEMETRY, "t/a", new byte[] {1, 2, 3});
    }

    @Test
    void aReadFromAnInterruptedThreadLeavesTheQueueReadableAndWritable() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            log.appendAndWait(msg("before"), 5000);

            AtomicReference<Object> seen = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    seen.set(log.peek(0, 10, (q, p, a) -> true));
                } catch (Exception e) {
                    seen.set(e);
                }
                // the caller's interrupt is kept for it to act on
                if (!Thread.currentThread().isInterrupted()) {
                    seen.set("interrupt flag lost");
                }
            });
            reader.start();
            reader.join(10_000);

            assertThat(seen.get()).isInstanceOf(List.class);
            assertThat(((List<?>) seen.get())).hasSize(1);

            // the queue itself is unharmed: it stores and reads back as before
            log.appendAndWait(msg("after"), 5000);
            assertThat(log.peek(0, 10, (q, p, a) -> true)).extracting(QueuedMessage::id)
                    .containsExactly("before", "after");
            assertThat(log.storageFailing()).isFalse();
        }
    }

    @Test
    void aReaderInterruptedOverAndOverNeverBreaksTheWriter() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(QueueOptions.defaults(dir), new QueueListener() { })) {
            log.appendAndWait(msg("m0"), 5000);
            Thread reader = new Thread(() -> {
                while (log.size() < 200) {
                    try {
                        log.peek(0, 100, (q, p, a) -> true);
                    } catch (Exception e) {
                        // a read may fail while interrupted; the queue must not
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();
            for (int i = 1; i < 200; i++) {
                reader.interrupt();
                log.appendAndWait(msg("m" + i), 5000);
            }
            reader.join(10_000);
            assertThat(log.peek(0, 1000, (q, p, a) -> true)).hasSize(200);
        }
    }
}
