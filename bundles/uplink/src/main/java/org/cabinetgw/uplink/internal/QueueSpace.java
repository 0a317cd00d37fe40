package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Whether the queue's filesystem can still take the next segment. Segments are preallocated, so a full
 * filesystem breaks no write until the queue needs its next segment, which at a low message rate can be hours
 * away: the uplink stayed UP on a full disk (the fault campaign's finding). Looking at the free space says so
 * at once, before a message is refused. Read at most once a second (health is evaluated every 250 ms).
 */
final class QueueSpace {

    static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path directory;
    private final long needed;
    private final LongSupplier clock;
    private long checkedAt;
    private boolean checked;
    private String shortage;

    /** @param needed bytes the queue needs free: its next segment */
    QueueSpace(Path directory, long needed, LongSupplier nanoClock) {
        this.directory = directory;
        this.needed = needed;
        this.clock = nanoClock;
    }

    /** Why the queue is short of space, or null while the next segment fits (or the directory cannot be read). */
    synchronized String shortage() {
        long now = clock.getAsLong();
        if (!checked || now - checkedAt >= CHECK_NANOS) {
            checked = true;
            checkedAt = now;
            shortage = look();
        }
        return shortage;
    }

    private String look() {
        try {
            FileStore store = Files.getFileStore(directory);
            long free = store.getUsableSpace();
            if (free >= needed) {
                return null;
            }
            return "the queue's filesystem is full: " + free / 1024 + " KiB free at " + directory + ", its next segment needs "
                    + needed / 1024 + " KiB; what is queued is kept and delivered";
        } catch (IOException | RuntimeException unreadable) {
            return null; // a directory that cannot be looked at shows when the queue writes to it (storageFailing)
        }
    }
}
