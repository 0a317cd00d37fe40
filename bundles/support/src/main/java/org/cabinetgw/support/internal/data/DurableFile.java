package org.cabinetgw.support.internal.data;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A small file written so that it survives a power cut, from any thread.
 *
 * <p>Streams, not {@code FileChannel}s: a channel is interruptible, and a write from a thread whose interrupt flag is
 * set (a component being deactivated, a dispatcher being stopped, an HTTP request abandoned) throws and closes the
 * channel, so what the caller meant to keep — a dead letter, the open aggregation window, an epoch — is not kept.
 * {@link FileOutputStream#getFD()}'s {@code sync()} is the stream's fsync and is not interruptible either.
 */
public final class DurableFile {

    private DurableFile() {
    }

    /**
     * Replaces {@code file}'s content with {@code bytes}: written to a temporary file beside it, forced, renamed over
     * the old one, the directory forced. After a crash the file holds the old or the new content, never a torn one.
     * The caller's interrupt flag is left as it was.
     */
    public static void replace(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
            out.write(bytes);
            out.getFD().sync();
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(parent);
    }

    /** Appends {@code bytes} to {@code file} (created if missing) and returns once they are on disk. */
    public static void append(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(bytes);
            out.getFD().sync();
        }
    }

    /**
     * Forces a directory's entries (a rename, a new file) to disk. Java has no stream for a directory, so this one
     * is a channel: an interrupt here costs only this force, done with the flag cleared and then set again. Some
     * file systems cannot open a directory; the rename itself is still atomic there.
     */
    private static void forceDirectory(Path directory) {
        boolean interrupted = Thread.interrupted();
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened or forced
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
