package org.cabinetgw.storage;

/**
 * Event Admin topics and property keys of the storage area.
 *
 * <p>RAID events have one topic per {@link RaidEvent} ({@code org/cabinetgw/storage/FAIL} ...), built by
 * {@link RaidEvent#topic()}; the constants below name them for subscribers that prefer strings.
 * Every event carries {@link #TIMESTAMP}.
 */
public final class StorageEvents {

    private StorageEvents() {
    }

    /** Topic prefix of every storage event; subscribe to {@code org/cabinetgw/storage/*} for all. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/storage/";

    public static final String NEW_ARRAY = TOPIC_PREFIX + "NEW_ARRAY";
    public static final String DEGRADED_ARRAY = TOPIC_PREFIX + "DEGRADED_ARRAY";
    public static final String FAIL = TOPIC_PREFIX + "FAIL";
    public static final String FAIL_SPARE = TOPIC_PREFIX + "FAIL_SPARE";
    public static final String SPARE_ACTIVE = TOPIC_PREFIX + "SPARE_ACTIVE";
    public static final String REBUILD_STARTED = TOPIC_PREFIX + "REBUILD_STARTED";
    public static final String REBUILD_PROGRESS = TOPIC_PREFIX + "REBUILD_PROGRESS";
    public static final String REBUILD_FINISHED = TOPIC_PREFIX + "REBUILD_FINISHED";
    public static final String SPARES_MISSING = TOPIC_PREFIX + "SPARES_MISSING";
    public static final String DEVICE_DISAPPEARED = TOPIC_PREFIX + "DEVICE_DISAPPEARED";

    /** A disk crossed a SMART threshold ({@link #ALARM} says which). */
    public static final String DISK_ALARM = TOPIC_PREFIX + "DISK_ALARM";
    /** A disk alarm is over. */
    public static final String DISK_ALARM_CLEARED = TOPIC_PREFIX + "DISK_ALARM_CLEARED";
    /** A filesystem crossed a threshold or was remounted read-only ({@link #ALARM} says which). */
    public static final String FILESYSTEM_ALARM = TOPIC_PREFIX + "FILESYSTEM_ALARM";
    /** A filesystem alarm is over. */
    public static final String FILESYSTEM_ALARM_CLEARED = TOPIC_PREFIX + "FILESYSTEM_ALARM_CLEARED";

    /** Long: epoch milliseconds when the change was observed. */
    public static final String TIMESTAMP = "timestamp";

    // RAID keys
    /** String: the md device's kernel name, e.g. {@code md0}. */
    public static final String ARRAY = "array";
    /** String: mdadm's name of the event, e.g. {@code Fail} or {@code Rebuild40}. */
    public static final String MDADM_EVENT = "mdadm.event";
    /** String: the RAID personality, e.g. {@code raid1}; absent for an inactive array. */
    public static final String LEVEL = "level";
    /** String: the member device's kernel name, e.g. {@code sdb1} (Fail, FailSpare, SpareActive). */
    public static final String MEMBER = "member";
    /** String: {@link SyncAction} name (RebuildStarted, RebuildNN, RebuildFinished). */
    public static final String SYNC_ACTION = "sync.action";
    /** Integer: the step crossed, 0-100 (RebuildNN) or the progress when last seen (RebuildFinished). */
    public static final String PERCENT = "percent";
    /** Integer: the number of member slots of the array ([n/m] n). */
    public static final String RAID_DEVICES = "raid.devices";
    /** Integer: the number of in-sync members ([n/m] m). */
    public static final String WORKING_DEVICES = "working.devices";
    /** Integer: spares present (SparesMissing). */
    public static final String SPARES = "spares";
    /** Integer: spares configured as expected (SparesMissing). */
    public static final String EXPECTED_SPARES = "expected.spares";
    /** String: the array UUID from mdadm, when mdadm is available. */
    public static final String UUID = "uuid";

    // disk and filesystem keys
    /** String: the configured name of the disk or filesystem (its health component is storage.disk.NAME). */
    public static final String NAME = "name";
    /** String: the disk's device path, e.g. {@code /dev/sda}. */
    public static final String DEVICE = "device";
    /** String: the filesystem's mount point. */
    public static final String MOUNT_POINT = "mount.point";
    /** String: {@link DiskAlarm} or {@link FilesystemAlarm} name. */
    public static final String ALARM = "alarm";
    /** Number: the measured value that crossed (or came back within) the threshold. */
    public static final String VALUE = "value";
    /** Number: the configured threshold. */
    public static final String THRESHOLD = "threshold";
    /** String: a sentence an integrator can act on. */
    public static final String REASON = "reason";
}
