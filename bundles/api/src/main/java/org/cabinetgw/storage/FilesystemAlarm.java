package org.cabinetgw.storage;

/** Why a filesystem is reported, carried in {@link StorageEvents#ALARM} of {@link StorageEvents#FILESYSTEM_ALARM}. */
public enum FilesystemAlarm {
    /** Free space below the configured percentage. */
    LOW_SPACE,
    /** Free inodes below the configured percentage. */
    LOW_INODES,
    /** Mounted read-only although it is expected writable (typically the kernel remounted it after errors). */
    READ_ONLY,
    /** The configured mount point is not mounted. */
    NOT_MOUNTED
}
