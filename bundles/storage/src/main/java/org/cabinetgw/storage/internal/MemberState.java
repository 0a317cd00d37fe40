package org.cabinetgw.storage.internal;

/** What a member does for its array, as far as /proc/mdstat tells. */
public enum MemberState {
    /** Holds a role and its data is in sync. */
    IN_SYNC,
    /** Holds a role (or replaces one) but is still being rebuilt. */
    REBUILDING,
    /** Waiting to be used. */
    SPARE,
    /** Marked faulty by the kernel. */
    FAULTY,
    /** Write journal of a raid4/5/6. */
    JOURNAL
}
