package org.cabinetgw.dashboard.internal;

import java.util.List;

import org.cabinetgw.storage.ArrayMember;
import org.cabinetgw.storage.ArraySnapshot;
import org.cabinetgw.storage.ArrayStatus;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.DiskStatus;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The storage section's arrays and disks, read from the storage bundle's {@link ArrayStatus} and {@link DiskStatus}
 * services (api storage 1.2): every array with its state, members and sync progress as mdstat prints it, every disk
 * with its SMART verdict, temperature and sectors. Without the ArrayStatus service (an older storage bundle, or it
 * restarting) the arrays are what the RAID events since the dashboard started said ({@link StorageArrays}).
 */
final class StorageDevices {

    private StorageDevices() {
    }

    /** Each array from the service, with the last RAID event the dashboard saw for it; else the events' view. */
    static JsonArray arrays(ArrayStatus status, StorageArrays fromEvents) {
        JsonArray events = fromEvents.toJson();
        if (status == null) {
            events.forEach(e -> e.getAsJsonObject().addProperty("from", "events"));
            return events;
        }
        JsonArray out = new JsonArray();
        for (ArraySnapshot a : status.arrays()) {
            JsonObject o = new JsonObject();
            o.addProperty("from", "status");
            o.addProperty("name", a.name());
            o.addProperty("level", a.level());
            o.addProperty("state", a.state().name());
            o.addProperty("reason", a.reason());
            o.addProperty("raidDevices", a.raidDevices());
            o.addProperty("workingDevices", a.workingDevices());
            JsonArray members = new JsonArray();
            JsonArray failed = new JsonArray();
            for (ArrayMember m : a.members()) {
                JsonObject mj = new JsonObject();
                mj.addProperty("device", m.device());
                mj.addProperty("role", m.role().name());
                members.add(mj);
                if (m.role() == ArrayMember.Role.FAULTY) {
                    failed.add(m.device());
                }
            }
            o.add("members", members);
            o.add("failedMembers", failed);
            o.addProperty("syncing", a.syncRunning());
            o.addProperty("syncAction", a.syncAction() == null ? "" : a.syncAction().mdstatName());
            o.addProperty("percent", a.syncRunning() ? finite(a.syncPercent()) : null);
            o.addProperty("finishMinutes", finite(a.syncFinishMinutes()));
            o.addProperty("checked", a.checked() == null ? null : a.checked().toEpochMilli());
            JsonObject seen = byName(events, a.name());
            o.addProperty("lastEvent", seen == null ? "" : seen.get("lastEvent").getAsString());
            out.add(o);
        }
        return out;
    }

    /**
     * Each disk's health entry {@code storage.disk.NAME} with its last SMART read from its DiskStatus service, and a
     * disk whose service is there without a health entry (core restarting) on its own.
     */
    static JsonArray disks(JsonArray fromHealth, List<DiskStatus> statuses) {
        JsonArray out = fromHealth.deepCopy();
        for (DiskStatus status : statuses) {
            DiskSnapshot s = status.snapshot();
            JsonObject entry = byName(out, s.name());
            if (entry == null) {
                entry = new JsonObject();
                entry.addProperty("name", s.name());
                entry.addProperty("state", s.state().name());
                entry.addProperty("reason", s.reason());
                out.add(entry);
            }
            entry.addProperty("device", s.device());
            entry.addProperty("checked", s.checked() == null ? null : s.checked().toEpochMilli());
            entry.addProperty("model", s.model());
            entry.addProperty("serial", s.serial());
            entry.addProperty("smartPassed", s.smartPassed());
            entry.addProperty("temperatureCelsius", s.temperatureCelsius());
            entry.addProperty("reallocatedSectors", s.reallocatedSectors());
            entry.addProperty("pendingSectors", s.pendingSectors());
            entry.addProperty("percentageUsed", s.percentageUsed());
            entry.addProperty("mediaErrors", s.mediaErrors());
            entry.addProperty("error", s.error());
        }
        return out;
    }

    /** The entry with that name; null when there is none. */
    static JsonObject byName(JsonArray entries, String name) {
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            if (o.has("name") && name.equals(o.get("name").getAsString())) {
                return o;
            }
        }
        return null;
    }

    /** One decimal; null (JSON null) for not-a-number or infinite. */
    static Double finite(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10) / 10.0;
    }
}
