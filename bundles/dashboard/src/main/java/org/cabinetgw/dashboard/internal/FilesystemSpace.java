package org.cabinetgw.dashboard.internal;

import java.util.List;

import org.cabinetgw.storage.FilesystemSnapshot;
import org.cabinetgw.storage.FilesystemStatus;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The storage section's filesystems: each health entry {@code storage.fs.NAME} with the space its
 * {@link FilesystemStatus} service measured (free %, available and total bytes, type, read-only), and a
 * filesystem whose status is there without a health entry (core restarting) on its own.
 */
final class FilesystemSpace {

    private FilesystemSpace() {
    }

    static JsonArray merge(JsonArray fromHealth, List<FilesystemStatus> statuses) {
        JsonArray out = fromHealth.deepCopy();
        for (FilesystemStatus status : statuses) {
            FilesystemSnapshot s = status.snapshot();
            JsonObject entry = StorageDevices.byName(out, s.name());
            if (entry == null) {
                entry = new JsonObject();
                entry.addProperty("name", s.name());
                out.add(entry);
            }
            entry.addProperty("mountPoint", s.mountPoint());
            entry.addProperty("checked", s.checked() == null ? null : s.checked().toEpochMilli());
            entry.addProperty("mounted", s.mounted());
            entry.addProperty("readOnly", s.readOnly());
            entry.addProperty("fsType", s.fsType());
            entry.addProperty("totalBytes", s.totalBytes());
            entry.addProperty("availableBytes", s.availableBytes());
            entry.addProperty("freePercent", StorageDevices.finite(s.freePercent()));
            entry.addProperty("freeInodesPercent", StorageDevices.finite(s.freeInodesPercent()));
            entry.addProperty("error", s.error());
        }
        return out;
    }
}
