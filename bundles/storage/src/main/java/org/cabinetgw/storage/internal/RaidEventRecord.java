package org.cabinetgw.storage.internal;

import java.util.Map;

import org.cabinetgw.storage.RaidEvent;

/**
 * One detected RAID event, ready to be posted.
 *
 * @param type       which event
 * @param array      the md device name
 * @param mdadmName  mdadm's name, e.g. Fail or Rebuild40
 * @param properties the event properties (keys from StorageEvents), without the timestamp
 */
public record RaidEventRecord(RaidEvent type, String array, String mdadmName, Map<String, Object> properties) {

    public RaidEventRecord {
        properties = Map.copyOf(properties);
    }

    /** Short form for logs and tests: {@code md0 Fail sdb1}. */
    @Override
    public String toString() {
        Object member = properties.get(org.cabinetgw.storage.StorageEvents.MEMBER);
        return array + " " + mdadmName + (member == null ? "" : " " + member);
    }
}
