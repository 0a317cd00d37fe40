package org.cabinetgw.dashboard.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.cabinetgw.storage.StorageEvents;
import org.osgi.service.event.Event;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * Each RAID array as its events describe it: the api has no query service for storage, so the dashboard
 * follows the RAID events (NewArray names every array present when monitoring starts). At most
 * {@value #MAX_ARRAYS} arrays and {@value #MAX_MEMBERS} failed members each are kept.
 */
final class StorageArrays {

    static final int MAX_ARRAYS = 64;
    static final int MAX_MEMBERS = 32;

    private static final class State {
        String level = "";
        String lastEvent = "";
        String reason = "";
        int raidDevices = -1;
        int workingDevices = -1;
        String syncAction = "";
        int percent = -1;
        boolean syncing;
        boolean gone;
        long updated;
        final Set<String> failed = new LinkedHashSet<>();
    }

    private final Map<String, State> arrays = new TreeMap<>();

    synchronized void accept(Event e) {
        Object name = e.getProperty(StorageEvents.ARRAY);
        if (!(name instanceof String array) || !e.getTopic().startsWith(StorageEvents.TOPIC_PREFIX)) {
            return;
        }
        State s = arrays.get(array);
        if (s == null) {
            if (arrays.size() >= MAX_ARRAYS) {
                return;
            }
            s = new State();
            arrays.put(array, s);
        }
        String topic = e.getTopic().substring(StorageEvents.TOPIC_PREFIX.length());
        s.lastEvent = str(e.getProperty(StorageEvents.MDADM_EVENT), topic);
        s.reason = str(e.getProperty(StorageEvents.REASON), "");
        s.level = str(e.getProperty(StorageEvents.LEVEL), s.level);
        s.raidDevices = num(e.getProperty(StorageEvents.RAID_DEVICES), s.raidDevices);
        s.workingDevices = num(e.getProperty(StorageEvents.WORKING_DEVICES), s.workingDevices);
        s.updated = num(e.getProperty(StorageEvents.TIMESTAMP), System.currentTimeMillis());
        s.gone = topic.equals("DEVICE_DISAPPEARED");
        Object member = e.getProperty(StorageEvents.MEMBER);
        switch (topic) {
            case "FAIL", "FAIL_SPARE" -> {
                if (member instanceof String m && s.failed.size() < MAX_MEMBERS) {
                    s.failed.add(m);
                }
            }
            case "SPARE_ACTIVE" -> s.failed.clear();
            case "REBUILD_STARTED", "REBUILD_PROGRESS" -> {
                s.syncing = true;
                s.syncAction = str(e.getProperty(StorageEvents.SYNC_ACTION), s.syncAction);
                s.percent = num(e.getProperty(StorageEvents.PERCENT), topic.equals("REBUILD_STARTED") ? 0 : s.percent);
            }
            case "REBUILD_FINISHED" -> {
                s.syncing = false;
                s.percent = num(e.getProperty(StorageEvents.PERCENT), s.percent);
            }
            default -> {
            }
        }
    }

    synchronized JsonArray toJson() {
        JsonArray out = new JsonArray();
        arrays.forEach((name, s) -> {
            JsonObject o = new JsonObject();
            o.addProperty("name", name);
            o.addProperty("level", s.level);
            o.addProperty("raidDevices", s.raidDevices);
            o.addProperty("workingDevices", s.workingDevices);
            o.addProperty("lastEvent", s.lastEvent);
            o.addProperty("reason", s.reason);
            o.addProperty("syncing", s.syncing);
            o.addProperty("syncAction", s.syncAction);
            o.addProperty("percent", s.percent);
            o.addProperty("gone", s.gone);
            o.addProperty("updated", s.updated);
            JsonArray failed = new JsonArray();
            s.failed.forEach(failed::add);
            o.add("failedMembers", failed);
            out.add(o);
        });
        return out;
    }

    private static String str(Object v, String otherwise) {
        return v instanceof String s ? s : otherwise;
    }

    private static int num(Object v, int otherwise) {
        return v instanceof Number n ? n.intValue() : otherwise;
    }

    private static long num(Object v, long otherwise) {
        return v instanceof Number n ? n.longValue() : otherwise;
    }
}
