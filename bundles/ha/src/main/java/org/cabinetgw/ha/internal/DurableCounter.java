package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.cabinetgw.support.internal.data.DurableFile;

/**
 * A number kept in a one-line file that survives a crash: written to a temporary file, forced to disk, renamed
 * over the old one, and the directory forced too, so after a power cut the file holds either the old or the new
 * value, never a torn one. Used for the epoch (raised at every takeover) and the start counter.
 */
final class DurableCounter {

    private final Path file;

    DurableCounter(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The stored value; 0 when the file does not exist yet. A file that is not a number is an error naming it. */
    long read() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException(file + " does not hold a whole number (it holds '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'); fix or remove it");
        }
        return Long.parseLong(text);
    }

    /** Stores {@code value} and returns once it is on disk. */
    void write(long value) throws IOException {
        DurableFile.replace(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Raises the stored value above both its old value and {@code atLeast}, stores it and returns it: the start
     * counter, raised past the wall clock so it still rises when the data directory was wiped.
     */
    long advance(long atLeast) throws IOException {
        long next = Math.max(read() + 1, atLeast);
        write(next);
        return next;
    }
}
