package org.cabinetgw.storage;

/**
 * The RAID events, named as {@code mdadm --monitor} names them. Each has its own Event Admin topic
 * ({@link #topic()}); the mdadm name travels in {@link StorageEvents#MDADM_EVENT}.
 */
public enum RaidEvent {
    /** An array was seen for the first time (also for every array present when monitoring starts). */
    NEW_ARRAY("NewArray", false),
    /** An array was degraded when first seen. A later failure posts {@link #FAIL} instead, as mdadm does. */
    DEGRADED_ARRAY("DegradedArray", true),
    /** An active, in-sync member was marked faulty or vanished. */
    FAIL("Fail", true),
    /** A spare, or a member being rebuilt, was marked faulty. */
    FAIL_SPARE("FailSpare", true),
    /** A spare or rebuilt member became an active, in-sync member. */
    SPARE_ACTIVE("SpareActive", false),
    /** A sync action (recovery, resync, reshape, check, repair) started. */
    REBUILD_STARTED("RebuildStarted", false),
    /** A sync action crossed a multiple of the configured step; mdadm calls it RebuildNN (Rebuild20...). */
    REBUILD_PROGRESS("RebuildNN", false),
    /** A sync action ended, finished or aborted. */
    REBUILD_FINISHED("RebuildFinished", false),
    /** An array has fewer spares than configured for it. */
    SPARES_MISSING("SparesMissing", true),
    /** An array that was present is gone from /proc/mdstat. */
    DEVICE_DISAPPEARED("DeviceDisappeared", true);

    private final String mdadmName;
    private final boolean alarm;

    RaidEvent(String mdadmName, boolean alarm) {
        this.mdadmName = mdadmName;
        this.alarm = alarm;
    }

    /** mdadm's name; for {@link #REBUILD_PROGRESS} the pattern "RebuildNN" (the event itself carries e.g. Rebuild40). */
    public String mdadmName() {
        return mdadmName;
    }

    /** True when a person must act (mdadm mails these); false for information. */
    public boolean alarm() {
        return alarm;
    }

    /** The Event Admin topic: {@code org/cabinetgw/storage/<NAME>}. */
    public String topic() {
        return StorageEvents.TOPIC_PREFIX + name();
    }
}
