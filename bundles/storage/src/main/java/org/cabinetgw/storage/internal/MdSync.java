package org.cabinetgw.storage.internal;

import org.cabinetgw.storage.SyncAction;

/**
 * The sync line of an array: either running with progress, or waiting.
 *
 * @param action        what it does
 * @param status        running or why not
 * @param percent       progress 0-100 with one decimal, as printed; 0 unless running
 * @param doneBlocks    1 KiB blocks done; -1 unless running
 * @param totalBlocks   1 KiB blocks to do; -1 unless running
 * @param finishMinutes the kernel's estimate of the time left; -1 when not printed
 * @param speedKiBps    the kernel's current speed in KiB/s; -1 when not printed
 */
public record MdSync(SyncAction action, Status status, double percent, long doneBlocks, long totalBlocks,
        double finishMinutes, long speedKiBps) {

    /** Running, or the reason it is not. */
    public enum Status {
        /** In progress: the line with the progress bar. */
        RUNNING,
        /** {@code resync=DELAYED}: waiting for another array that shares a disk. */
        DELAYED,
        /** {@code resync=PENDING}: needed, but the array is auto-read-only and nothing has written to it yet. */
        PENDING,
        /** {@code resync=REMOTE}: another node of an md cluster is doing it. */
        REMOTE
    }

    public static MdSync waiting(SyncAction action, Status status) {
        return new MdSync(action, status, 0, -1, -1, -1, -1);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }
}
