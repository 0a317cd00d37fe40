package org.cabinetgw.ha.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.testing.ClosingStack;
import org.cabinetgw.uplink.QueueContents;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catch-up reads the active's own uplink queue (its files) on the replication's sending thread. When the session is
 * cut short meanwhile (the pair flaps, this node is demoted, the uplink is bound again) that thread must not be
 * interrupted: an interrupt during a read closes the uplink's {@link FileChannel} for every thread, and the uplink then
 * refuses every message ("the queue cannot write"). Seen in the namespace harness under load, before the fix.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CatchUpCutShortTest {

    @TempDir
    Path dir;

    @AutoClose
    private final ClosingStack closeLast = new ClosingStack();

    @Test
    void aCatchUpCutShortLeavesTheUplinksQueueFileOpen() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ReplicationSettings settings = new ReplicationSettings(port, true, 10_000);
        ReplicaLog replica = closeLast.push(ReplicaLog.open(dir.resolve("standby/uplink-replica")));
        ReplicationReceiver standby = closeLast.push(new ReplicationReceiver(
                ReplicationStreamTest.pair("cab", TwoNodes.KEY, true), settings, 9, () -> 3, () -> false, replica));
        standby.start();
        // the uplink's queue file, read during the catch-up as the uplink's QueueSnapshot reads its segments
        FileChannel queueFile = closeLast.push(FileChannel.open(dir.resolve("segment"), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        queueFile.write(ByteBuffer.wrap(new byte[64]), 0);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        AtomicBoolean cut = new AtomicBoolean();
        AtomicReference<IOException> readFailure = new AtomicReference<>();
        ReplicationSender active = closeLast.push(new ReplicationSender(
                ReplicationStreamTest.pair("cab", TwoNodes.KEY, false), settings, 5, () -> 3, () -> true));
        active.attached(new QueueContents() {
            @Override
            public long forEachUnacknowledged(Consumer<Message> to) {
                reading.countDown();
                try {
                    while (!cut.get()) {
                        Thread.onSpinWait(); // busy, not blocked: an interrupt stays pending for the read below
                    }
                    queueFile.read(ByteBuffer.allocate(64), 0);
                    return 0;
                } catch (IOException e) {
                    readFailure.set(e);
                    throw new UncheckedIOException(e);
                } finally {
                    read.countDown();
                }
            }
        });
        active.start();
        assertThat(reading.await(20, TimeUnit.SECONDS)).as("the catch-up reads the queue").isTrue();
        active.attached(to -> 0); // the uplink bound again: the session in its catch-up ends
        cut.set(true);
        assertThat(read.await(20, TimeUnit.SECONDS)).as("the catch-up's read finished").isTrue();
        assertThat(readFailure.get()).as("the read of the queue file").isNull();
        assertThat(queueFile.isOpen()).as("the uplink's queue file still open").isTrue();
    }
}
