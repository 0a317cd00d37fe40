package org.eclipse.kura.message;

import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Declaration of Kura's payload class (a class in Kura, not an interface): a timestamp, named metrics whose Java type
 * decides their wire type, and an optional body. Only the members the Kura bridge and its tests use are declared;
 * on a Kura gateway the real class is used.
 */
public class KuraPayload {

    private Date timestamp;
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private byte[] body;

    public KuraPayload() {
    }

    public Date getTimestamp() {
        return timestamp;
    }

    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    public Object getMetric(String name) {
        return metrics.get(name);
    }

    public void addMetric(String name, Object value) {
        metrics.put(name, value);
    }

    public Set<String> metricNames() {
        return Collections.unmodifiableSet(metrics.keySet());
    }

    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    public byte[] getBody() {
        return body;
    }

    public void setBody(byte[] body) {
        this.body = body;
    }
}
