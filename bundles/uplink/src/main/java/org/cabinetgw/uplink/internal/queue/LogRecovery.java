package org.cabinetgw.uplink.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the live index from the segment files, scanned in order. Damaged records are skipped and counted, a
 * torn tail is truncated, a preallocated zero tail is free space; nothing of what was good is lost.
 */
final class LogRecovery implements SegmentScanner.Visitor {

    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /**
     * What recovery found.
     *
     * @param segments       the segment files, oldest first, open
     * @param entries        the live messages, in sequence order
     * @param nextSeq        the sequence the next message gets
     * @param corruptRecords damaged records skipped
     * @param tornTailBytes  bytes after the last good record dropped
     */
    record Recovered(List<Segment> segments, Collection<LiveIndex.Entry> entries, long nextSeq, int corruptRecords,
            int tornTailBytes) {
    }

    private final TreeMap<Long, LiveIndex.Entry> entries = new TreeMap<>();
    private long maxSeq;
    private long nextSeqHint = 1;
    private Segment segment;

    private LogRecovery() {
    }

    /** Scans the segments of the directory (which must exist); removes an unfinished spare. */
    static Recovered recover(Path directory) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SegmentFiles.SUFFIX)).sorted().toList();
        }
        try (Stream<Path> list = Files.list(directory)) {
            for (Path leftover : list.filter(p -> p.getFileName().toString().endsWith(SegmentFiles.SPARE_SUFFIX))
                    .toList()) {
                Files.deleteIfExists(leftover); // a spare being zero-filled when we stopped: never used
            }
        }
        LogRecovery recovery = new LogRecovery();
        List<Segment> opened = new ArrayList<>();
        int corrupt = 0;
        int torn = 0;
        for (Path file : files) {
            long number;
            try {
                String name = file.getFileName().toString();
                number = Long.parseLong(name.substring(0, name.length() - SegmentFiles.SUFFIX.length()));
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring {}: not a queue segment name", file);
                continue;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                channel.close();
                throw new IOException(file + " is larger than 2 GiB: not a queue segment");
            }
            ByteBuffer content = ByteBuffer.allocate((int) size);
            readFully(channel, content);
            content.flip();
            Segment segment = new Segment(number, file, channel, size);
            recovery.segment = segment;
            SegmentScanner.Result result = SegmentScanner.scan(content, recovery);
            corrupt += result.corruptRecords();
            if (result.tornTailBytes() > 0 && isAllZero(content, result.validEnd())) {
                segment.size = result.validEnd(); // preallocated space, not damage
            } else if (result.tornTailBytes() > 0) {
                int damaged = lastNonZero(content) + 1 - result.validEnd();
                torn += damaged;
                LOG.warn("Queue segment {}: {} bytes after the last good record discarded (torn write)", file,
                        damaged);
                channel.truncate(result.validEnd());
                channel.force(true);
                segment.size = result.validEnd();
            }
            if (result.corruptRecords() > 0) {
                LOG.warn("Queue segment {}: {} damaged records skipped", file, result.corruptRecords());
            }
            opened.add(segment);
        }
        return new Recovered(opened, recovery.entries.values(), Math.max(recovery.maxSeq + 1, recovery.nextSeqHint),
                corrupt, torn);
    }

    static int lastNonZero(ByteBuffer content) {
        for (int i = content.limit() - 1; i >= 0; i--) {
            if (content.get(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    static boolean isAllZero(ByteBuffer content, int from) {
        for (int i = from; i < content.limit(); i++) {
            if (content.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void data(QueuedMessage m, int offset, int length) {
        // a later copy (compaction) replaces an earlier one
        entries.put(m.seq(), new LiveIndex.Entry(m.seq(), m.priority(), m.aggregate(), length, segment, offset));
        maxSeq = Math.max(maxSeq, m.seq());
    }

    @Override
    public void ack(long[] seqs) {
        for (long s : seqs) {
            entries.remove(s);
            maxSeq = Math.max(maxSeq, s);
        }
    }

    @Override
    public void seq(long next) {
        nextSeqHint = Math.max(nextSeqHint, next);
    }

    /** Reads at most this much per call: see {@link #readFully}. */
    private static final int READ_CHUNK = 256 * 1024;

    /**
     * Fills {@code content} from the start of the file, a chunk at a time. Why not in one read: the JDK reads into a
     * heap buffer through a temporary direct buffer as large as the request and keeps it cached on the thread for
     * good; one read of a whole (preallocated) segment left ~19 MB of native memory on the thread that recovered
     * the queue, the larger part of what a restart's RSS exceeded a first start's by (issue 15, item 4).
     */
    static void readFully(FileChannel channel, ByteBuffer content) throws IOException {
        int end = content.limit();
        while (content.hasRemaining()) {
            content.limit(Math.min(end, content.position() + READ_CHUNK));
            int n = channel.read(content, content.position());
            content.limit(end);
            if (n < 0) {
                break;
            }
        }
    }
}
