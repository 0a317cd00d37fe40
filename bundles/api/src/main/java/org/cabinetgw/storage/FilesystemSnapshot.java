package org.cabinetgw.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One filesystem at its last check, as df and /proc/mounts show it.
 *
 * @param name               the configured name
 * @param mountPoint         the watched mount point
 * @param checked            when it was last checked; null before the first check
 * @param mounted            whether the mount point is mounted
 * @param readOnly           whether it is mounted read-only
 * @param fsType             the filesystem type ({@code ext4}, ...); empty when not mounted or not checked
 * @param totalBytes         its size; -1 when unknown (not mounted, not checked, or the last check failed)
 * @param availableBytes     bytes an ordinary user may still write; -1 when unknown
 * @param freePercent        free space as df shows it (100 minus Use%); NaN when unknown
 * @param freeInodesPercent  free inodes in percent; NaN when unknown or the filesystem has no inode limit
 * @param error              why the last check could not measure it; empty when it could
 */
public record FilesystemSnapshot(String name, String mountPoint, Instant checked, boolean mounted, boolean readOnly,
        String fsType, long totalBytes, long availableBytes, double freePercent, double freeInodesPercent, String error) {

    public FilesystemSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mountPoint, "mountPoint");
        fsType = fsType == null ? "" : fsType;
        error = error == null ? "" : error;
    }
}
