package org.cabinetgw.dashboard.internal;

import java.lang.reflect.Array;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** An Event Admin event as the page receives it: {seq, topic, at, props}; values bounded in size. */
final class EventJson {

    static final int MAX_TEXT = 500;
    static final int MAX_ARRAY = 50;

    private EventJson() {
    }

    static JsonObject toJson(long seq, Event event, long nowMillis) {
        JsonObject props = new JsonObject();
        for (String key : event.getPropertyNames()) {
            if (key.equals(EventConstants.EVENT_TOPIC)) {
                continue;
            }
            Object v = event.getProperty(key);
            if (v instanceof Number n) {
                props.addProperty(key, n);
            } else if (v instanceof Boolean b) {
                props.addProperty(key, b);
            } else if (v != null && v.getClass().isArray()) {
                JsonArray a = new JsonArray();
                for (int i = 0; i < Math.min(Array.getLength(v), MAX_ARRAY); i++) {
                    a.add(text(Array.get(v, i)));
                }
                props.add(key, a);
            } else if (v != null) {
                props.addProperty(key, text(v));
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("seq", seq);
        o.addProperty("topic", event.getTopic());
        o.addProperty("at", nowMillis);
        o.add("props", props);
        return o;
    }

    private static String text(Object v) {
        String s = String.valueOf(v);
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) + "…" : s;
    }
}
