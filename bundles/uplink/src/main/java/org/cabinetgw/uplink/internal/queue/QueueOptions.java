package org.cabinetgw.uplink.internal.queue;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link SegmentedLog} is laid out and bounded.
 *
 * @param directory       where its segment files live (created when missing)
 * @param maxBytes        limit of the queued records' bytes on disk
 * @param maxMessages     limit of the number of queued messages
 * @param segmentBytes    a segment is sealed and a new one started once it is this large
 * @param maxBatchRecords most records written with one fsync (group commit)
 */
public record QueueOptions(Path directory, long maxBytes, int maxMessages, int segmentBytes, int maxBatchRecords) {

    public QueueOptions {
        Objects.requireNonNull(directory, "directory");
        if (maxBytes <= 0 || maxMessages <= 0 || segmentBytes <= 0 || maxBatchRecords <= 0) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }

    public static QueueOptions defaults(Path directory) {
        return new QueueOptions(directory, 256L * 1024 * 1024, 1_000_000, 16 * 1024 * 1024, 1000);
    }

    public QueueOptions withLimits(long bytes, int messages) {
        return new QueueOptions(directory, bytes, messages, segmentBytes, maxBatchRecords);
    }
}
