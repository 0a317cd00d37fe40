package org.cabinetgw.uplink.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.cabinetgw.telemetry.Priority;

/**
 * What the engine needs, already validated (see {@link UplinkConfigValidator}).
 *
 * @param directory          where the queue and the dead-letter store live
 * @param maxQueueBytes      queue limit in bytes
 * @param maxQueueMessages   queue limit in messages
 * @param maxMessageBytes    a single encoded message larger than this is refused
 * @param segmentBytes       queue segment size
 * @param failoverMillis     MQTT unable to deliver this long: HTTP takes over
 * @param holdMillis         MQTT healthy this long: it takes over again
 * @param publishTimeoutMillis how long publish waits for the disk
 * @param meteredPriorities  what goes out while the link is metered
 * @param retryInitialMillis first retry delay after a failed send
 * @param retryMaxMillis     longest retry delay
 * @param aggregateMillis    while metered, one aggregate per (source, topic) of telemetry per this many
 *                           milliseconds; 0 = no aggregates
 * @param aggregateMaxSeries most (source, topic) series summarised per window
 */
public record UplinkSettings(Path directory, long maxQueueBytes, int maxQueueMessages, int maxMessageBytes,
        int segmentBytes, long failoverMillis, long holdMillis, long publishTimeoutMillis,
        Set<Priority> meteredPriorities, long retryInitialMillis, long retryMaxMillis, long aggregateMillis,
        int aggregateMaxSeries) {

    public UplinkSettings {
        Objects.requireNonNull(directory, "directory");
        meteredPriorities = meteredPriorities.isEmpty() ? EnumSet.noneOf(Priority.class) : EnumSet.copyOf(meteredPriorities);
    }

    /** Defaults for tests and the benchmark. */
    public static UplinkSettings defaults(Path directory) {
        return new UplinkSettings(directory, 256L << 20, 1_000_000, 256 * 1024, 16 << 20, 30_000, 60_000, 10_000,
                EnumSet.of(Priority.ALARM, Priority.EVENT), 500, 5_000, 300_000, 1000);
    }

    /** Aggregates every {@code millis} (0 = none), at most {@code maxSeries} series per window. */
    public UplinkSettings withAggregation(long millis, int maxSeries) {
        return new UplinkSettings(directory, maxQueueBytes, maxQueueMessages, maxMessageBytes, segmentBytes,
                failoverMillis, holdMillis, publishTimeoutMillis, meteredPriorities, retryInitialMillis, retryMaxMillis,
                millis, maxSeries);
    }

    public UplinkSettings withMeteredPriorities(Set<Priority> priorities) {
        return new UplinkSettings(directory, maxQueueBytes, maxQueueMessages, maxMessageBytes, segmentBytes,
                failoverMillis, holdMillis, publishTimeoutMillis, priorities, retryInitialMillis, retryMaxMillis,
                aggregateMillis, aggregateMaxSeries);
    }

    public UplinkSettings withSwitching(long failover, long hold) {
        return new UplinkSettings(directory, maxQueueBytes, maxQueueMessages, maxMessageBytes, segmentBytes, failover,
                hold, publishTimeoutMillis, meteredPriorities, retryInitialMillis, retryMaxMillis, aggregateMillis,
                aggregateMaxSeries);
    }

    public UplinkSettings withLimits(long bytes, int messages, int messageBytes) {
        return new UplinkSettings(directory, bytes, messages, messageBytes, segmentBytes, failoverMillis, holdMillis,
                publishTimeoutMillis, meteredPriorities, retryInitialMillis, retryMaxMillis, aggregateMillis,
                aggregateMaxSeries);
    }

    public UplinkSettings withRetry(long initial, long max) {
        return new UplinkSettings(directory, maxQueueBytes, maxQueueMessages, maxMessageBytes, segmentBytes,
                failoverMillis, holdMillis, publishTimeoutMillis, meteredPriorities, initial, max, aggregateMillis,
                aggregateMaxSeries);
    }

    public UplinkSettings withSegmentBytes(int bytes) {
        return new UplinkSettings(directory, maxQueueBytes, maxQueueMessages, maxMessageBytes, bytes, failoverMillis,
                holdMillis, publishTimeoutMillis, meteredPriorities, retryInitialMillis, retryMaxMillis, aggregateMillis,
                aggregateMaxSeries);
    }
}
