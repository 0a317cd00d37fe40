package org.cabinetgw.storage;

/** What an md array is doing to its members, as /proc/mdstat names it. */
public enum SyncAction {
    /** Rebuilding a replaced or added member from the others. */
    RECOVERY,
    /** Making the members consistent, for example after an unclean shutdown. */
    RESYNC,
    /** Changing the layout: level, number of members, chunk size. */
    RESHAPE,
    /** Reading every stripe and counting mismatches (scrubbing). */
    CHECK,
    /** Like check, but rewriting mismatches. The kernel shows it as resync in /proc/mdstat. */
    REPAIR;

    /** The word /proc/mdstat uses. */
    public String mdstatName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
