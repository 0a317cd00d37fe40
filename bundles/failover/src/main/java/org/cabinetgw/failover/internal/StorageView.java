package org.cabinetgw.failover.internal;

import java.util.Map;
import java.util.TreeMap;

import org.cabinetgw.storage.RaidEvent;
import org.cabinetgw.storage.StorageEvents;

/**
 * What the storage events have said about the arrays, disks and filesystems: the storage bundle has no
 * query service, so the coordinator keeps the last word of each. Not thread-safe: fed and read on the
 * coordinator's thread only.
 */
final class StorageView {

    /** One md array as last reported. */
    record ArrayState(String name, int raidDevices, int workingDevices, int spares, boolean rebuilding, int percent,
            boolean disappeared) {

        boolean degraded() {
            return disappeared || raidDevices > 0 && workingDevices < raidDevices;
        }
    }

    /** What is wrong, per name: arrays, disk alarms, filesystem alarms. Immutable copies. */
    record Snapshot(Map<String, ArrayState> arrays, Map<String, String> diskAlarms, Map<String, String> filesystemAlarms) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of(), Map.of());

        Snapshot {
            arrays = Map.copyOf(arrays);
            diskAlarms = Map.copyOf(diskAlarms);
            filesystemAlarms = Map.copyOf(filesystemAlarms);
        }

        boolean anyArrayDegraded() {
            return arrays.values().stream().anyMatch(ArrayState::degraded);
        }
    }

    private final Map<String, ArrayState> arrays = new TreeMap<>();
    private final Map<String, String> diskAlarms = new TreeMap<>();
    private final Map<String, String> filesystemAlarms = new TreeMap<>();

    /** Takes one storage event into account; returns true when the view changed. Ignores what it cannot read. */
    boolean accept(String topic, Map<String, Object> props) {
        if (topic == null || !topic.startsWith(StorageEvents.TOPIC_PREFIX)) {
            return false;
        }
        if (topic.equals(StorageEvents.DISK_ALARM) || topic.equals(StorageEvents.DISK_ALARM_CLEARED)) {
            return alarm(diskAlarms, topic.equals(StorageEvents.DISK_ALARM), props);
        }
        if (topic.equals(StorageEvents.FILESYSTEM_ALARM) || topic.equals(StorageEvents.FILESYSTEM_ALARM_CLEARED)) {
            return alarm(filesystemAlarms, topic.equals(StorageEvents.FILESYSTEM_ALARM), props);
        }
        Object a = props.get(StorageEvents.ARRAY);
        if (!(a instanceof String array) || array.isBlank()) {
            return false;
        }
        RaidEvent event = raidEvent(topic);
        if (event == null) {
            return false;
        }
        ArrayState old = arrays.get(array);
        int raid = intOf(props.get(StorageEvents.RAID_DEVICES), old == null ? 0 : old.raidDevices());
        int working = intOf(props.get(StorageEvents.WORKING_DEVICES), old == null ? raid : old.workingDevices());
        int spares = intOf(props.get(StorageEvents.SPARES), old == null ? 0 : old.spares());
        boolean rebuilding = old != null && old.rebuilding();
        int percent = old == null ? 0 : old.percent();
        boolean disappeared = false;
        switch (event) {
            case REBUILD_STARTED -> {
                rebuilding = true;
                percent = 0;
            }
            case REBUILD_PROGRESS -> {
                rebuilding = true;
                percent = intOf(props.get(StorageEvents.PERCENT), percent);
            }
            case REBUILD_FINISHED -> rebuilding = false;
            case FAIL_SPARE -> spares = Math.max(0, spares - (old != null && old.rebuilding() ? 0 : 1));
            case DEVICE_DISAPPEARED -> disappeared = true;
            default -> {
                // NEW_ARRAY, DEGRADED_ARRAY, FAIL, SPARE_ACTIVE, SPARES_MISSING carry the counts themselves
            }
        }
        ArrayState next = new ArrayState(array, raid, Math.max(0, Math.min(working, Math.max(raid, working))), spares,
                rebuilding, Math.max(0, Math.min(100, percent)), disappeared);
        if (next.equals(old)) {
            return false;
        }
        arrays.put(array, next);
        return true;
    }

    Snapshot snapshot() {
        return new Snapshot(arrays, diskAlarms, filesystemAlarms);
    }

    private static boolean alarm(Map<String, String> alarms, boolean raised, Map<String, Object> props) {
        Object n = props.get(StorageEvents.NAME);
        Object kind = props.get(StorageEvents.ALARM);
        if (!(n instanceof String name) || name.isBlank()) {
            return false;
        }
        if (raised) {
            String what = kind instanceof String k ? k : "alarm";
            return !what.equals(alarms.put(name, what));
        }
        return alarms.remove(name) != null;
    }

    private static RaidEvent raidEvent(String topic) {
        for (RaidEvent e : RaidEvent.values()) {
            if (e.topic().equals(topic)) {
                return e;
            }
        }
        return null;
    }

    private static int intOf(Object value, int fallback) {
        if (value instanceof Number n) {
            long l = n.longValue();
            return l < 0 || l > 1000 ? fallback : (int) l;
        }
        return fallback;
    }
}
