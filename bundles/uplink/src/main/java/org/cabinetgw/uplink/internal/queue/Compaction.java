package org.cabinetgw.uplink.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of one batch: when the oldest sealed segment is mostly dead, its few live records are copied forward
 * with the batch, so that the segment can be deleted. The copies are read before the write, written with it, and
 * the index points at them only once they are on disk. Not thread-safe: guarded by the log's lock.
 */
final class Compaction {

    private static final Logger LOG = LoggerFactory.getLogger(Compaction.class);

    private final List<LiveIndex.Entry> relocated = new ArrayList<>();
    private final List<QueuedMessage> copies = new ArrayList<>();
    private final List<Long> offsets = new ArrayList<>();

    private Compaction() {
    }

    /** The oldest sealed segment when it is mostly dead (under a quarter live), of three or more; else null. */
    static Segment candidate(SegmentFiles files) {
        if (files.count() < 3) {
            return null;
        }
        Segment oldest = files.oldest();
        if (oldest == files.current() || oldest.liveCount == 0) {
            return null;
        }
        return oldest.liveBytes * 4 < oldest.size ? oldest : null;
    }

    /** Reads back the live records of the candidate segment, if any; one that cannot be read stays where it is. */
    static Compaction plan(SegmentFiles files, LiveIndex index) {
        Compaction c = new Compaction();
        Segment compact = candidate(files);
        if (compact != null) {
            for (LiveIndex.Entry e : index.in(compact)) {
                try {
                    c.copies.add(Segment.read(e));
                    c.relocated.add(e);
                } catch (IOException ex) {
                    LOG.warn("Cannot read back message {} for compaction: {}", e.seq, ex.getMessage());
                }
            }
        }
        return c;
    }

    /** True when something is copied forward. */
    boolean copying() {
        return !relocated.isEmpty();
    }

    /** The bytes the copies take. */
    int bytes() {
        int size = 0;
        for (QueuedMessage m : copies) {
            size += m.storedSize();
        }
        return size;
    }

    /** Writes the copies into the batch's buffer, which lands at {@code start} of the target segment. */
    void write(ByteBuffer data, long start) {
        for (QueuedMessage m : copies) {
            offsets.add(start + data.position());
            RecordCodec.writeData(data, m);
        }
    }

    /** The copies are on disk in {@code target}: the index points at them (those still live). */
    void commit(LiveIndex index, Segment target) {
        for (int i = 0; i < relocated.size(); i++) {
            index.moved(relocated.get(i), target, offsets.get(i));
        }
    }
}
