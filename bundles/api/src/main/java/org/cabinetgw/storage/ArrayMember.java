package org.cabinetgw.storage;

import java.util.Objects;

/**
 * One member device of an md array. Since 1.2.
 *
 * @param device kernel name, e.g. {@code sdb1} (as /proc/mdstat prints it; any device name the kernel allows)
 * @param role   what it does for the array
 */
public record ArrayMember(String device, Role role) {

    /** What a member does, as far as /proc/mdstat tells. */
    public enum Role {
        /** Holds a role and its data is in sync. */
        IN_SYNC,
        /** Holds (or replaces) a role and is being rebuilt. */
        REBUILDING,
        /** Waiting to be used. */
        SPARE,
        /** Marked faulty by the kernel. */
        FAULTY,
        /** Write journal of a raid4/5/6. */
        JOURNAL
    }

    public ArrayMember {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(role, "role");
    }
}
