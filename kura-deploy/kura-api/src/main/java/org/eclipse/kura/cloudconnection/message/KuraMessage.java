package org.eclipse.kura.cloudconnection.message;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.kura.message.KuraPayload;

/**
 * Declaration of Kura's message class: a payload plus properties a publisher may read (Kura's standard cloud
 * publisher fills {@code $name} placeholders of its application topic from them).
 */
public class KuraMessage {

    private final Map<String, Object> properties;
    private final KuraPayload payload;

    public KuraMessage(KuraPayload payload) {
        this(payload, Map.of());
    }

    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.payload = payload;
        this.properties = new HashMap<>(properties);
    }

    public Map<String, Object> getProperties() {
        return properties;
    }

    public KuraPayload getPayload() {
        return payload;
    }
}
