package org.cabinetgw.kura.bridge.internal.cloud;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import org.cabinetgw.uplink.HostedCloudMessage;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

/** One uplink message as Kura's message: the typed metrics, timestamp and body; the topic as a property. */
final class KuraMessages {

    /**
     * The message property holding our topic (e.g. {@code power/mains}). Kura's standard cloud publisher replaces
     * {@code $topic} in its application topic with it, so the data topic becomes
     * {@code <account>/<client-id>/<app-id>/power/mains}, as in our own Kura mode.
     */
    static final String TOPIC = "topic";
    static final String MESSAGE_ID = "message.id";
    static final String PRIORITY = "message.priority";

    private KuraMessages() {
    }

    static KuraMessage of(HostedCloudMessage m) {
        KuraPayload payload = new KuraPayload();
        payload.setTimestamp(new Date(m.timestamp()));
        m.metrics().forEach(payload::addMetric);
        if (m.body() != null) {
            payload.setBody(m.body());
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(TOPIC, m.topic());
        properties.put(MESSAGE_ID, m.id());
        properties.put(PRIORITY, m.priority().name());
        return new KuraMessage(payload, properties);
    }
}
