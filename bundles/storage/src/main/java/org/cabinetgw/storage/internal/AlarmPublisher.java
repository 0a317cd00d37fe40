package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.handover.internal.UplinkHandover;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Priority;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;

/**
 * The alarms of one monitored thing (a disk, a mount): keeps those on, and for each one raised or cleared by a
 * new assessment posts the event and hands the uplink a message.
 *
 * @param <A> the alarm kind
 */
final class AlarmPublisher<A extends Enum<A>> {

    /**
     * What names the thing and its events.
     *
     * @param kind           "Disk" or "Filesystem", for the log
     * @param name           the configured name
     * @param identityKey    the event property naming the thing ({@link StorageEvents#DEVICE})
     * @param identity       its value
     * @param clearedOn      what the log says an alarm was cleared on
     * @param raisedTopic    the event topic of a raised alarm
     * @param clearedTopic   the event topic of a cleared alarm
     * @param eventName      the uplink message's {@code event} value for a raised alarm; cleared adds {@code _CLEARED}
     * @param uplinkTopic    the uplink topic of the events
     * @param component      the health component the messages come from
     */
    record Naming(String kind, String name, String identityKey, String identity, String clearedOn, String raisedTopic,
            String clearedTopic, String eventName, String uplinkTopic, String component) {
    }

    private final Class<A> type;
    private final Naming naming;
    private final EventAdmin events;
    private final UplinkHandover handover;
    private final Logger log;
    private Map<A, AlarmReading> alarms;

    AlarmPublisher(Class<A> type, Naming naming, EventAdmin events, UplinkHandover handover, Logger log) {
        this.type = type;
        this.naming = naming;
        this.events = events;
        this.handover = handover;
        this.log = log;
        this.alarms = new EnumMap<>(type);
    }

    /** The alarms on now. */
    Set<A> on() {
        return alarms.keySet();
    }

    /** Takes the alarms of a new assessment and publishes what was raised, then what was cleared. */
    void update(Map<A, AlarmReading> now, Instant at) {
        AlarmChanges<A> changes = AlarmChanges.between(alarms, now);
        alarms = now.isEmpty() ? new EnumMap<>(type) : new EnumMap<>(now);
        changes.raised().forEach(e -> post(naming.raisedTopic(), e.getKey(), e.getValue(), at, true));
        changes.cleared().forEach(e -> post(naming.clearedTopic(), e.getKey(), e.getValue(), at, false));
    }

    private void post(String topic, A alarm, AlarmReading reading, Instant now, boolean raised) {
        Map<String, Object> p = new HashMap<>();
        p.put(StorageEvents.NAME, naming.name());
        p.put(naming.identityKey(), naming.identity());
        p.put(StorageEvents.ALARM, alarm.name());
        p.put(StorageEvents.VALUE, reading.value());
        p.put(StorageEvents.THRESHOLD, reading.threshold());
        p.put(StorageEvents.REASON, raised ? reading.text() : "cleared: " + reading.text());
        p.put(StorageEvents.TIMESTAMP, now.toEpochMilli());
        if (raised) {
            log.warn("{} alarm {}: {}", naming.kind(), alarm, reading.text());
        } else {
            log.info("{} alarm {} cleared on {}", naming.kind(), alarm, naming.clearedOn());
        }
        events.postEvent(new Event(topic, p));
        Map<String, Object> m = new LinkedHashMap<>(p);
        m.put("event", raised ? naming.eventName() : naming.eventName() + "_CLEARED");
        Telemetry.publish(handover, naming.component(), naming.uplinkTopic(),
                raised ? Priority.ALARM : Priority.EVENT, m);
    }
}
