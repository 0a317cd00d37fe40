package org.cabinetgw.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.storage.DiskAlarm;
import org.cabinetgw.storage.StorageEvents;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.slf4j.LoggerFactory;

/** Alarm diffing and publishing for one disk, without a framework. */
class AlarmPublisherTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final MonitorLoopTest.RecordingEventAdmin events = new MonitorLoopTest.RecordingEventAdmin();
    private final List<Message> sent = new CopyOnWriteArrayList<>();
    private volatile Uplink uplink = sent::add;
    private final AlarmPublisher<DiskAlarm> alarms = new AlarmPublisher<>(DiskAlarm.class,
            new AlarmPublisher.Naming("Disk", "sda", StorageEvents.DEVICE, "/dev/sda", "sda", StorageEvents.DISK_ALARM,
                    StorageEvents.DISK_ALARM_CLEARED, "DISK_ALARM", "storage/disk/sda/event", "storage.disk.sda"),
            events, new org.cabinetgw.handover.internal.UplinkHandover("test", () -> uplink), LoggerFactory.getLogger(AlarmPublisherTest.class));

    private static Map<DiskAlarm, AlarmReading> on(DiskAlarm... kinds) {
        Map<DiskAlarm, AlarmReading> m = new EnumMap<>(DiskAlarm.class);
        for (DiskAlarm a : kinds) {
            m.put(a, new AlarmReading(61, 55, a + " over its limit"));
        }
        return m;
    }

    @Test
    void raisesAndClearsEachAlarmOnce() {
        alarms.update(on(DiskAlarm.TEMPERATURE, DiskAlarm.PENDING_SECTORS), T0);
        alarms.update(on(DiskAlarm.TEMPERATURE, DiskAlarm.PENDING_SECTORS), T0.plusSeconds(60));
        assertThat(alarms.on()).containsExactlyInAnyOrder(DiskAlarm.TEMPERATURE, DiskAlarm.PENDING_SECTORS);
        alarms.update(on(DiskAlarm.PENDING_SECTORS), T0.plusSeconds(120));

        assertThat(events.events).extracting(Event::getTopic).containsExactly(StorageEvents.DISK_ALARM,
                StorageEvents.DISK_ALARM, StorageEvents.DISK_ALARM_CLEARED);
        Event cleared = events.events.get(2);
        assertThat(cleared.getProperty(StorageEvents.ALARM)).isEqualTo("TEMPERATURE");
        assertThat(cleared.getProperty(StorageEvents.DEVICE)).isEqualTo("/dev/sda");
        assertThat(cleared.getProperty(StorageEvents.NAME)).isEqualTo("sda");
        assertThat(cleared.getProperty(StorageEvents.REASON)).isEqualTo("cleared: TEMPERATURE over its limit");
        assertThat(cleared.getProperty(StorageEvents.TIMESTAMP)).isEqualTo(T0.plusSeconds(120).toEpochMilli());
        assertThat(alarms.on()).containsExactly(DiskAlarm.PENDING_SECTORS);

        assertThat(sent).extracting(Message::priority).containsExactly(Priority.ALARM, Priority.ALARM, Priority.EVENT);
        assertThat(sent.get(2).topic()).isEqualTo("storage/disk/sda/event");
        assertThat(sent.get(2).metrics()).containsEntry("event", "DISK_ALARM_CLEARED").containsEntry("value", 61);
    }

    @Test
    void noUplinkStillPostsTheEvents() {
        uplink = null;
        alarms.update(on(DiskAlarm.WEAR), T0);
        alarms.update(Map.of(), T0.plusSeconds(1));
        assertThat(events.events).hasSize(2);
        assertThat(sent).isEmpty();
        assertThat(alarms.on()).isEmpty();
    }
}
