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

    @AttributeDefinition(name = "Queue limit (MB)", min = "1", max = "102400",
            description = "Most megabytes of queued messages on disk. When full, the oldest of the lowest priority goes first.")
    int queue_max_megabytes() default 256;

    @AttributeDefinition(name = "Queue limit (messages)", min = "100", max = "100000000",
            description = "Most messages queued. When full, the oldest of the lowest priority goes first.")
    int queue_max_messages() default 1_000_000;

    @AttributeDefinition(name = "Largest message (KB)", min = "1", max = "16384",
            description = "A message larger than this once encoded is refused (TOO_LARGE).")
    int message_max_kilobytes() default 256;

    @AttributeDefinition(name = "Segment size (MB)", min = "1", max = "1024",
            description = "Size of one queue file. Smaller files free disk sooner; larger ones mean fewer files.")
    int segment_megabytes() default 16;

    @AttributeDefinition(name = "Failover delay (s)", min = "1", max = "3600",
            description = "When MQTT has not been able to deliver for this long, HTTP takes over.")
    int failover_seconds() default 30;

    @AttributeDefinition(name = "Failback hold (s)", min = "1", max = "86400",
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

    @AttributeDefinition(name = "Aggregate window while metered (s)", min = "0", max = "86400",
            description = "While the link is metered and telemetry waits in the queue, one aggregate per source and "
                    + "topic (count, first/last time, min/max/mean/last per metric) is sent per window of this many "
                    + "seconds, on <topic>/aggregate. 0 = no aggregates (telemetry just waits). Otherwise 10..86400.")
    int metered_aggregate_seconds() default 300;

    @AttributeDefinition(name = "Most series per aggregate window", min = "1", max = "100000",
            description = "Most (source, topic) pairs summarised per window; telemetry of further pairs is not "
                    + "summarised (counted in the aggregates and the log; the raw messages still wait in the queue).")
    int metered_aggregate_max_series() default 1000;

    @AttributeDefinition(name = "First retry delay (ms)", min = "10", max = "60000",
            description = "Delay before a failed send is tried again; it doubles (with jitter) up to the longest delay.")
    int retry_initial_millis() default 500;

    @AttributeDefinition(name = "Longest retry delay (s)", min = "1", max = "3600",
            description = "Upper bound of the retry delay when the far side does not say when to come back (an HTTP Retry-After is honoured as given, up to 10 minutes). Short, so a recovered endpoint is used within seconds: each retry is one request of at most batch.size messages.")
    int retry_max_seconds() default 5;

    @AttributeDefinition(name = "Publish timeout (ms)", min = "100", max = "60000",
            description = "How long publish waits for the disk before refusing with STORAGE_ERROR.")
    int publish_timeout_millis() default 10_000;
}
