package org.cabinetgw.storage.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The periodic metrics of one array. Pure. */
final class RaidTelemetry {

    private RaidTelemetry() {
    }

    static Map<String, Object> metrics(ArrayAssessment a) {
        MdArray array = a.array();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", a.state().name());
        m.put("active", array.active());
        if (array.broken()) {
            m.put("broken", true);
        }
        if (array.container()) {
            m.put("container", true);
        }
        if (!array.volumeOf().isEmpty()) {
            m.put("container.name", array.volumeOf());
        }
        if (!array.personality().isEmpty()) {
            m.put("level", array.personality());
        }
        if (array.blocks() >= 0) {
            m.put("size.kib", array.blocks());
        }
        if (array.raidDevices() >= 0) {
            m.put("raid.devices", array.raidDevices());
            m.put("working.devices", array.workingDevices());
        }
        m.put("members", array.members().size());
        m.put("faulty", array.faultyCount());
        m.put("spares", array.spareCount());
        MdSync sync = array.sync();
        if (sync != null) {
            m.put("sync.action", sync.action().name());
            m.put("sync.status", sync.status().name());
            if (sync.running()) {
                m.put("sync.percent", sync.percent());
                if (sync.finishMinutes() >= 0) {
                    m.put("sync.finish.minutes", sync.finishMinutes());
                }
                if (sync.speedKiBps() >= 0) {
                    m.put("sync.speed.kibps", sync.speedKiBps());
                }
            }
        }
        return m;
    }
}
