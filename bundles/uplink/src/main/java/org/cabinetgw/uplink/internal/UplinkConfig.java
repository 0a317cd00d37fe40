package org.cabinetgw.uplink.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the uplink (queue, switching, metered mode). Its id is the component's PID. */
@ObjectClassDefinition(id = UplinkComponent.PID, name = "Cabinet Gateway Uplink",
        description = "Durable store-and-forward queue for everything the gateway reports, and the switching "
                + "between the MQTT transport and the HTTP fallback.")
public @interface UplinkConfig {

    @AttributeDefinition(name = "Data directory", required = false,
            description = "Where the queue and the dead-letter store live. Empty: 'uplink' in the gateway's data "
                    + "directory (kept across updates and reinstalls of the uplink), or the bundle's data area where the "
                    + "runtime names none. Use a directory on persistent storage, e.g. /var/lib/cabinetgw/uplink.")
    String data_directory() default "";

    /** The range of queue.max.megabytes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int QUEUE_MAX_MEGABYTES_MIN = 1, QUEUE_MAX_MEGABYTES_MAX = 102_400;

    @AttributeDefinition(name = "Queue limit (MB)",
            min = "" + QUEUE_MAX_MEGABYTES_MIN, max = "" + QUEUE_MAX_MEGABYTES_MAX,
            description = "Most megabytes of queued messages on disk. When full, the oldest of the lowest priority goes first.")
    int queue_max_megabytes() default 256;

    /** The range of queue.max.messages, for the Metatype and the settings check (CHANGES.md rule 3). */
    int QUEUE_MAX_MESSAGES_MIN = 100, QUEUE_MAX_MESSAGES_MAX = 100_000_000;

    @AttributeDefinition(name = "Queue limit (messages)",
            min = "" + QUEUE_MAX_MESSAGES_MIN, max = "" + QUEUE_MAX_MESSAGES_MAX,
            description = "Most messages queued. When full, the oldest of the lowest priority goes first.")
    int queue_max_messages() default 1_000_000;

    /** The range of message.max.kilobytes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MESSAGE_MAX_KILOBYTES_MIN = 1, MESSAGE_MAX_KILOBYTES_MAX = 16_384;

    @AttributeDefinition(name = "Largest message (KB)",
            min = "" + MESSAGE_MAX_KILOBYTES_MIN, max = "" + MESSAGE_MAX_KILOBYTES_MAX,
            description = "A message larger than this once encoded is refused (TOO_LARGE).")
    int message_max_kilobytes() default 256;

    /** The range of segment.megabytes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int SEGMENT_MEGABYTES_MIN = 1, SEGMENT_MEGABYTES_MAX = 1024;

    @AttributeDefinition(name = "Segment size (MB)", min = "" + SEGMENT_MEGABYTES_MIN, max = "" + SEGMENT_MEGABYTES_MAX,
            description = "Size of one queue file. Smaller files free disk sooner; larger ones mean fewer files.")
    int segment_megabytes() default 16;

    /** The range of failover.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FAILOVER_SECONDS_MIN = 1, FAILOVER_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Failover delay (s)", min = "" + FAILOVER_SECONDS_MIN, max = "" + FAILOVER_SECONDS_MAX,
            description = "When MQTT has not been able to deliver for this long, HTTP takes over.")
    int failover_seconds() default 30;

    /** The range of failback.hold.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FAILBACK_HOLD_SECONDS_MIN = 1, FAILBACK_HOLD_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Failback hold (s)",
            min = "" + FAILBACK_HOLD_SECONDS_MIN, max = "" + FAILBACK_HOLD_SECONDS_MAX,
            description = "MQTT takes over again after it has been healthy without a break for this long.")
    int failback_hold_seconds() default 60;

    @AttributeDefinition(name = "Metered mode", description = "AUTO follows the network link manager "
            + "(metered = cellular); ON and OFF force it.", options = {
                    @Option(label = "Follow the active link", value = "AUTO"),
                    @Option(label = "Always metered", value = "ON"),
                    @Option(label = "Never metered", value = "OFF") })
    String metered_mode() default "AUTO";

    @AttributeDefinition(name = "Priorities sent while metered",
            description = "Which priorities go out while the link is metered; the rest waits in the queue. "
                    + "Values: ALARM, EVENT, TELEMETRY.")
    String[] metered_priorities() default { "ALARM", "EVENT" };

    /** The range of metered.aggregate.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int METERED_AGGREGATE_SECONDS_MIN = 0, METERED_AGGREGATE_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Aggregate window while metered (s)",
            min = "" + METERED_AGGREGATE_SECONDS_MIN, max = "" + METERED_AGGREGATE_SECONDS_MAX,
            description = "While the link is metered and telemetry waits in the queue, one aggregate per source and "
                    + "topic (count, first/last time, min/max/mean/last per metric) is sent per window of this many "
                    + "seconds, on <topic>/aggregate. 0 = no aggregates (telemetry just waits). Otherwise 10..86400.")
    int metered_aggregate_seconds() default 300;

    /** The range of metered.aggregate.max.series, for the Metatype and the settings check (CHANGES.md rule 3). */
    int METERED_AGGREGATE_MAX_SERIES_MIN = 1, METERED_AGGREGATE_MAX_SERIES_MAX = 100_000;

    @AttributeDefinition(name = "Most series per aggregate window",
            min = "" + METERED_AGGREGATE_MAX_SERIES_MIN, max = "" + METERED_AGGREGATE_MAX_SERIES_MAX,
            description = "Most (source, topic) pairs summarised per window; telemetry of further pairs is not "
                    + "summarised (counted in the aggregates and the log; the raw messages still wait in the queue).")
    int metered_aggregate_max_series() default 1000;

    /** The range of retry.initial.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RETRY_INITIAL_MILLIS_MIN = 10, RETRY_INITIAL_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "First retry delay (ms)",
            min = "" + RETRY_INITIAL_MILLIS_MIN, max = "" + RETRY_INITIAL_MILLIS_MAX,
            description = "Delay before a failed send is tried again; it doubles (with jitter) up to the longest delay.")
    int retry_initial_millis() default 500;

    /** The range of retry.max.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RETRY_MAX_SECONDS_MIN = 1, RETRY_MAX_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Longest retry delay (s)",
            min = "" + RETRY_MAX_SECONDS_MIN, max = "" + RETRY_MAX_SECONDS_MAX,
            description = "Upper bound of the retry delay when the far side does not say when to come back (an HTTP Retry-After is honoured as given, up to 10 minutes). Short, so a recovered endpoint is used within seconds: each retry is one request of at most batch.size messages.")
    int retry_max_seconds() default 5;

    /** The range of publish.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PUBLISH_TIMEOUT_MILLIS_MIN = 100, PUBLISH_TIMEOUT_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Publish timeout (ms)",
            min = "" + PUBLISH_TIMEOUT_MILLIS_MIN, max = "" + PUBLISH_TIMEOUT_MILLIS_MAX,
            description = "How long publish waits for the disk before refusing with STORAGE_ERROR.")
    int publish_timeout_millis() default 10_000;
}
