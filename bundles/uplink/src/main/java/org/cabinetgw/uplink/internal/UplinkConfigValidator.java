package org.cabinetgw.uplink.internal;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.cabinetgw.telemetry.Priority;

/** Turns an {@link UplinkConfig} into {@link UplinkSettings}, or refuses it naming the attribute. */
final class UplinkConfigValidator {

    /** How metered mode is decided. */
    enum MeteredMode { AUTO, ON, OFF }

    /**
     * Shorter aggregate windows make little sense: at one reading per second per series, a window of a few
     * seconds would cost about as much metered traffic as the raw telemetry it stands in for.
     */
    static final int MIN_AGGREGATE_SECONDS = 10;

    private UplinkConfigValidator() {
    }

    static MeteredMode meteredMode(UplinkConfig c) {
        String v = c.metered_mode() == null ? "" : c.metered_mode().trim().toUpperCase(Locale.ROOT);
        try {
            return MeteredMode.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metered.mode = " + c.metered_mode() + " is not allowed: AUTO, ON or OFF");
        }
    }

    static UplinkSettings validate(UplinkConfig c, Path defaultDirectory) {
        Path dir = c.data_directory() == null || c.data_directory().isBlank() ? defaultDirectory
                : Path.of(c.data_directory().trim());
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("data.directory = " + c.data_directory() + " must be an absolute path");
        }
        Ranges.check("queue.max.megabytes", c.queue_max_megabytes(),
                UplinkConfig.QUEUE_MAX_MEGABYTES_MIN, UplinkConfig.QUEUE_MAX_MEGABYTES_MAX);
        Ranges.check("queue.max.messages", c.queue_max_messages(),
                UplinkConfig.QUEUE_MAX_MESSAGES_MIN, UplinkConfig.QUEUE_MAX_MESSAGES_MAX);
        Ranges.check("message.max.kilobytes", c.message_max_kilobytes(),
                UplinkConfig.MESSAGE_MAX_KILOBYTES_MIN, UplinkConfig.MESSAGE_MAX_KILOBYTES_MAX);
        Ranges.check("segment.megabytes", c.segment_megabytes(),
                UplinkConfig.SEGMENT_MEGABYTES_MIN, UplinkConfig.SEGMENT_MEGABYTES_MAX);
        Ranges.check("failover.seconds", c.failover_seconds(),
                UplinkConfig.FAILOVER_SECONDS_MIN, UplinkConfig.FAILOVER_SECONDS_MAX);
        Ranges.check("failback.hold.seconds", c.failback_hold_seconds(),
                UplinkConfig.FAILBACK_HOLD_SECONDS_MIN, UplinkConfig.FAILBACK_HOLD_SECONDS_MAX);
        Ranges.check("retry.initial.millis", c.retry_initial_millis(),
                UplinkConfig.RETRY_INITIAL_MILLIS_MIN, UplinkConfig.RETRY_INITIAL_MILLIS_MAX);
        Ranges.check("retry.max.seconds", c.retry_max_seconds(),
                UplinkConfig.RETRY_MAX_SECONDS_MIN, UplinkConfig.RETRY_MAX_SECONDS_MAX);
        Ranges.check("publish.timeout.millis", c.publish_timeout_millis(),
                UplinkConfig.PUBLISH_TIMEOUT_MILLIS_MIN, UplinkConfig.PUBLISH_TIMEOUT_MILLIS_MAX);
        if (c.retry_max_seconds() * 1000L < c.retry_initial_millis()) {
            throw new IllegalArgumentException("retry.max.seconds = " + c.retry_max_seconds()
                    + " is shorter than retry.initial.millis = " + c.retry_initial_millis());
        }
        if (c.message_max_kilobytes() > c.segment_megabytes() * 1024) {
            throw new IllegalArgumentException("message.max.kilobytes = " + c.message_max_kilobytes()
                    + " must not exceed segment.megabytes * 1024 = " + c.segment_megabytes() * 1024);
        }
        meteredMode(c);
        int aggregateSeconds = c.metered_aggregate_seconds();
        if (aggregateSeconds != 0 && (aggregateSeconds < MIN_AGGREGATE_SECONDS || aggregateSeconds > 86_400)) {
            throw new IllegalArgumentException("metered.aggregate.seconds = " + aggregateSeconds
                    + " is out of range: allowed 0 (no aggregates) or " + MIN_AGGREGATE_SECONDS + "..86400");
        }
        Ranges.check("metered.aggregate.max.series", c.metered_aggregate_max_series(),
                UplinkConfig.METERED_AGGREGATE_MAX_SERIES_MIN, UplinkConfig.METERED_AGGREGATE_MAX_SERIES_MAX);
        Set<Priority> metered = EnumSet.noneOf(Priority.class);
        for (String p : c.metered_priorities() == null ? new String[0] : c.metered_priorities()) {
            try {
                metered.add(Priority.valueOf(p.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metered.priorities contains " + p
                        + ", allowed are ALARM, EVENT, TELEMETRY");
            }
        }
        return new UplinkSettings(dir, c.queue_max_megabytes() * 1024L * 1024L, c.queue_max_messages(),
                c.message_max_kilobytes() * 1024, c.segment_megabytes() * 1024 * 1024, c.failover_seconds() * 1000L,
                c.failback_hold_seconds() * 1000L, c.publish_timeout_millis(), metered, c.retry_initial_millis(),
                c.retry_max_seconds() * 1000L, aggregateSeconds * 1000L, c.metered_aggregate_max_series());
    }
}
