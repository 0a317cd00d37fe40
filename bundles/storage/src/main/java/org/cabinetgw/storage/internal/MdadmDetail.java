package org.cabinetgw.storage.internal;

import java.util.Map;

/**
 * What {@code mdadm --detail --export /dev/mdX} says about an array.
 *
 * @param level    MD_LEVEL, e.g. raid1
 * @param devices  MD_DEVICES: member slots; -1 when absent
 * @param metadata MD_METADATA, e.g. 1.2
 * @param uuid     MD_UUID
 * @param name     MD_NAME (host:name)
 * @param state    MD_STATE when this mdadm prints it (e.g. "clean, degraded"); empty otherwise
 * @param roles    member kernel name (sdb1) to its role: a slot number, spare, faulty or journal
 */
public record MdadmDetail(String level, int devices, String metadata, String uuid, String name, String state,
        Map<String, String> roles) {

    public MdadmDetail {
        roles = Map.copyOf(roles);
    }

    /** True when mdadm itself calls the array failed. */
    public boolean failed() {
        return state.toUpperCase(java.util.Locale.ROOT).contains("FAILED");
    }
}
