package org.cabinetgw.uplink;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.cabinetgw.telemetry.Priority;

/**
 * One queued message as the uplink hands it to a {@link HostedCloudConnection}: already typed the way Kura's payload
 * types them (the uplink's Kura mode, bundles/uplink README "Kura's cloud protocol").
 *
 * @param id        the message id, the same across retries and transports (also the metric {@code message.id})
 * @param priority  its priority
 * @param topic     the topic below the uplink's prefix, e.g. {@code power/mains}
 * @param timestamp epoch milliseconds of the measurement
 * @param metrics   named values in order, each a Double, Float, Long, Integer, Boolean, String or byte[]
 * @param body      free bytes (the message's payload text, an aggregate), or null
 * @since 1.5
 */
public record HostedCloudMessage(String id, Priority priority, String topic, long timestamp, Map<String, Object> metrics,
        byte[] body) {

    public HostedCloudMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(topic, "topic");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics == null ? Map.of() : metrics));
    }
}
