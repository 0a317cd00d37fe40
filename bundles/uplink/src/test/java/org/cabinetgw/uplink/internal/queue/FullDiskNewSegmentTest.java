package org.cabinetgw.uplink.internal.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault campaign's "queue filesystem full long enough that the queue needs a new segment": another file fills
 * the queue's filesystem (a 1 MB tmpfs, root only) while the cloud is away, so the queue holds what it accepts
 * until its segments are full and the next one cannot be made. It must refuse clearly, keep all it accepted, and
 * write again once there is room: when space returns, and when the cloud came back and took everything, whose
 * segments are then dead and their space the queue's own.
 */
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class FullDiskNewSegmentTest {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private Path mount;
    private final List<String> accepted = new ArrayList<>();
    private final List<String> delivered = new ArrayList<>();
    private long deliveredSeq;
    private int next;

    @BeforeEach
    void tinyTmpfs() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
        mount = dir.resolve("tiny");
        Files.createDirectories(mount);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(m.waitFor() == 0, "cannot mount tmpfs here: "
                + new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
        }
    }

    @Test
    void writesAgainWhenSpaceReturns() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(options(), new QueueListener() { })) {
            fillUntilRefused(log);
            Files.delete(mount.resolve("filler"));
            assertWritesAgain(log);
            drain(log);
        }
        assertThat(delivered).containsExactlyElementsOf(accepted);
    }

    /**
     * Before the fix it refused for good: a dead segment was deleted only after a successful write, and every write
     * needed a new segment (or grew the full one by its ACK record), so the space of what was delivered never came
     * back while anything else filled the disk.
     */
    @Test
    void writesAgainOnceWhatItHeldWasDeliveredWhileTheDiskStaysFull() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(options(), new QueueListener() { })) {
            fillUntilRefused(log);
            drain(log); // the cloud is back: everything held is delivered; the filler stays
            assertWritesAgain(log);
            drain(log);
        }
        assertThat(delivered).containsExactlyElementsOf(accepted);
    }

    /**
     * The full segment is the only one (no spare could be made): before the fix nothing could free its space, since
     * a segment is deleted only once it is no longer the current one. Now its space is reused for the next.
     */
    @Test
    void writesAgainWhenItsOnlySegmentWasDeliveredWhileTheDiskStaysFull() throws Exception {
        try (SegmentedLog log = SegmentedLog.open(options(), new QueueListener() { })) {
            accepted.add(log.appendAndWait(msg(), 5000).id());
            awaitSpare();
            try (java.util.stream.Stream<Path> spares = Files.list(options().directory())) {
                for (Path spare : spares.filter(p -> p.toString().endsWith(".spare")).toList()) {
                    Files.delete(spare); // as when the disk was already full when the spare was to be made
                }
            }
            fillUntilRefused(log);
            assertThat(log.segmentCount()).isEqualTo(1);
            drain(log);
            assertWritesAgain(log);
            drain(log);
        }
        assertThat(delivered).containsExactlyElementsOf(accepted);
    }

    /** The spare is made in the background after the queue opens: waited for, so that deleting it is not undone. */
    private void awaitSpare() throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (java.util.stream.Stream<Path> files = Files.list(options().directory())) {
                if (files.anyMatch(p -> p.toString().endsWith(".spare") && p.toFile().length() == SEGMENT)) {
                    Thread.sleep(100); // its fsync and the future's completion
                    return;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no spare segment within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private QueueOptions options() {
        return new QueueOptions(mount.resolve("queue"), 256L * 1024 * 1024, 1_000_000, SEGMENT, 1000);
    }

    /** Appends (nothing delivered: the cloud is away) on a filesystem filled by another file until refused. */
    private void fillUntilRefused(SegmentedLog log) throws Exception {
        for (int i = 0; i < 100 && accepted.size() < 100; i++) {
            accepted.add(log.appendAndWait(msg(), 5000).id());
        }
        fill(mount.resolve("filler"));
        for (int i = 0; i < 5000; i++) {
            try {
                accepted.add(log.appendAndWait(msg(), 5000).id());
            } catch (UplinkRefusedException e) {
                assertThat(e.getMessage()).contains("No space left on device");
                assertThat(log.storageFailing()).isTrue();
                return;
            }
        }
        throw new AssertionError("5000 messages fitted on a full 1 MB filesystem with " + SEGMENT + " byte segments");
    }

    /** Delivers (acknowledges) everything queued so far, as a transport does. */
    private void drain(SegmentedLog log) throws IOException {
        List<Long> seqs = new ArrayList<>();
        for (QueuedMessage q : log.peek(deliveredSeq, Integer.MAX_VALUE, (s, p, a) -> true)) {
            delivered.add(q.id());
            deliveredSeq = q.seq();
            seqs.add(q.seq());
        }
        log.acknowledge(seqs);
    }

    /** The next append is accepted within 10 s (the producer offers it again after a refusal), and the ones after. */
    private void assertWritesAgain(SegmentedLog log) throws Exception {
        long end = System.nanoTime() + 10_000_000_000L;
        QueuedMessage m = msg();
        while (true) {
            try {
                accepted.add(log.appendAndWait(m, 5000).id());
                break;
            } catch (UplinkRefusedException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("still refused 10 s later: " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
        assertThat(log.storageFailing()).isFalse();
        for (int i = 0; i < 200; i++) {
            accepted.add(log.appendAndWait(msg(), 5000).id());
        }
    }

    private QueuedMessage msg() {
        byte[] payload = new byte[200];
        java.util.Arrays.fill(payload, (byte) 'x');
        return new QueuedMessage(0, "m" + next++, Priority.TELEMETRY, "t/x", payload);
    }

    /** Writes zeros until the filesystem says it is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
    }
}
