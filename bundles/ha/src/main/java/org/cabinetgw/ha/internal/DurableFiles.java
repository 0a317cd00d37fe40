package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.cabinetgw.support.internal.data.DurableFile;

/**
 * A small file replaced so that it survives a crash: written to a temporary file, forced to disk, renamed over the
 * old one, and the directory forced too, so after a power cut the file holds either the old or the new content,
 * never a torn one. The epoch, the start counter and the ids taken over at the last takeover.
 */
final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Replaces {@code file}'s content with {@code bytes} and returns once it is on disk, also from a thread whose
     * interrupt flag is set (the support library's {@code DurableFile}: streams, not an interruptible channel).
     */
    static void replace(Path file, byte[] bytes) throws IOException {
        DurableFile.replace(file, bytes);
    }
}
