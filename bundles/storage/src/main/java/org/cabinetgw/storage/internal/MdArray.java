package org.cabinetgw.storage.internal;

import java.util.List;

/**
 * One md array as /proc/mdstat describes it.
 *
 * @param name          kernel name, e.g. {@code md0}
 * @param active        false for an {@code inactive} array (assembled only in part, stopped half-way, or an
 *                      external-metadata container, which never runs)
 * @param broken        the kernel prints {@code broken} instead of {@code active} (since 2024): the array has a
 *                      personality but can no longer serve its data (raid1/raid10 lost their last copy, a raid0 or
 *                      linear member is gone)
 * @param readOnly      "", "read-only" or "auto-read-only"
 * @param personality   {@code raid1}, {@code raid5}, {@code linear} ...; for an inactive array only when the
 *                      kernel printed one, else empty
 * @param members       member devices in the kernel's order
 * @param blocks        size in 1 KiB blocks; -1 when not printed (an array without members)
 * @param superblock    metadata version ("1.2", "external:imsm", "external:/md127/0", "non-persistent"); empty
 *                      means 0.90
 * @param raidDevices   the n of {@code [n/m]}; -1 for personalities without redundancy (linear, raid0)
 * @param workingDevices the m of {@code [n/m]}: in-sync members; -1 when not printed
 * @param slots         the {@code [UU_]} map: U in sync, _ missing or not yet in sync; empty when not printed
 * @param chunkKiB      chunk size; -1 when not printed
 * @param copies        raid10: copies of each block (near, far or offset); -1 when not printed
 * @param sync          the sync line, or null when none
 * @param bitmap        the bitmap line, or null when none
 */
public record MdArray(String name, boolean active, boolean broken, String readOnly, String personality, List<MdMember> members,
        long blocks, String superblock, int raidDevices, int workingDevices, String slots, int chunkKiB,
        int copies, MdSync sync, MdBitmap bitmap) {

    public MdArray {
        members = List.copyOf(members);
    }

    /**
     * An external-metadata container (Intel RST/IMSM, DDF): {@code super external:imsm} on an inactive array.
     * It only holds the disks and their metadata; the arrays are its member volumes, and it never runs.
     */
    public boolean container() {
        return !active && superblock.startsWith("external:") && volumeOf().isEmpty();
    }

    /**
     * For a member volume of a container ({@code super external:/md127/0}, or {@code external:-md127/0} while
     * mdmon has not taken it over yet), the container's name ({@code md127}); else empty.
     */
    public String volumeOf() {
        if (!superblock.startsWith("external:/") && !superblock.startsWith("external:-")) {
            return "";
        }
        String path = superblock.substring("external:/".length());
        int slash = path.indexOf('/');
        return slash > 0 ? path.substring(0, slash) : "";
    }

    /** Members missing from their slots: {@code n - m}; 0 when the personality prints no {@code [n/m]}. */
    public int missingDevices() {
        return raidDevices < 0 || workingDevices < 0 ? 0 : Math.max(0, raidDevices - workingDevices);
    }

    public long spareCount() {
        return members.stream().filter(m -> m.spare() && !m.faulty()).count();
    }

    public long faultyCount() {
        return members.stream().filter(MdMember::faulty).count();
    }

    public boolean syncRunning() {
        return sync != null && sync.running();
    }
}
