package org.cabinetgw.network.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every posted event, in order, for assertions. */
final class RecordingSink implements EventSink {

    record Posted(String topic, Map<String, Object> properties) {
    }

    final List<Posted> events = new CopyOnWriteArrayList<>();

    @Override
    public void post(String topic, Map<String, Object> properties) {
        events.add(new Posted(topic, Map.copyOf(properties)));
    }

    List<Map<String, Object>> of(String topic) {
        return events.stream().filter(e -> e.topic().equals(topic)).map(Posted::properties).toList();
    }
}
