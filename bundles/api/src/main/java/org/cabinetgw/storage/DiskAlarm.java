package org.cabinetgw.storage;

/** Why a disk is reported, carried in {@link StorageEvents#ALARM} of {@link StorageEvents#DISK_ALARM}. */
public enum DiskAlarm {
    /** The drive's own overall health assessment failed: replace it. */
    SMART_FAILED,
    /** Reallocated sectors above the configured maximum. */
    REALLOCATED_SECTORS,
    /** Sectors waiting to be reallocated (unreadable now) above the configured maximum. */
    PENDING_SECTORS,
    /** Temperature above the configured maximum. */
    TEMPERATURE,
    /** Wear (NVMe percentage used, or an SSD wear attribute) above the configured maximum. */
    WEAR,
    /** NVMe media and data integrity errors above the configured maximum, or a critical warning bit set. */
    MEDIA_ERRORS
}
