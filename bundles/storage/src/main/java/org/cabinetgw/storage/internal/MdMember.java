package org.cabinetgw.storage.internal;

/**
 * One member device of an md array as /proc/mdstat lists it: {@code sdb1[2](W)(F)}.
 *
 * @param device      kernel name, e.g. {@code sdb1}
 * @param descriptor  the number in brackets: the member's slot in the superblock, not its role
 * @param writeMostly {@code (W)}
 * @param journal     {@code (J)}
 * @param faulty      {@code (F)}
 * @param spare       {@code (S)}: not assigned a role (a spare, or any member of an inactive array)
 * @param replacement {@code (R)}: being rebuilt to replace another member
 */
public record MdMember(String device, int descriptor, boolean writeMostly, boolean journal, boolean faulty,
        boolean spare, boolean replacement) {

    /** True when the member holds (or is being given) a role in the array: not faulty, spare or journal. */
    public boolean active() {
        return !faulty && !spare && !journal;
    }
}
