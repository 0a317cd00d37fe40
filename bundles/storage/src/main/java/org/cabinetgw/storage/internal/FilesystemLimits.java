package org.cabinetgw.storage.internal;

/**
 * Limits of a filesystem.
 *
 * @param minFreePercent       low-space alarm below this (df's 100 - Use%)
 * @param minFreeInodesPercent low-inodes alarm below this
 * @param hysteresisPercent    an alarm clears only this far above its limit, so a value hovering at the
 *                             limit does not raise and clear it on every poll
 * @param expectWritable       a read-only mount is an alarm
 */
public record FilesystemLimits(double minFreePercent, double minFreeInodesPercent, double hysteresisPercent,
        boolean expectWritable) {
}
