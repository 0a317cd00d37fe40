package org.cabinetgw.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One gateway per data directory: two processes writing the same queue, journal and configuration
 * damage each other's records. The lock is an OS lock on {@code <data>/.lock}, held for the life of the
 * process and released by the OS however it ends (kill -9 included), so a stale file never blocks a start.
 * The file says who holds it (pid, start time, identity) for the message the second instance prints.
 */
final class DataLock {

    /** The data directory is in use by another gateway; the message says which. */
    static final class Held extends IOException {
        private static final long serialVersionUID = 1L;

        Held(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or says who holds it. {@code holder} is what this process writes into the file for the
     * next one to read (one line).
     */
    static DataLock acquire(Path root, String holder) throws IOException {
        Path file = root.resolve(".lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already (tests start two launchers in one JVM)
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            String who = readHolder(channel);
            channel.close();
            throw new Held(root + " is in use by another gateway" + (who.isEmpty() ? "" : " (" + who + ")")
                    + "; stop it first, or give this one its own --data directory");
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new DataLock(channel, lock);
    }

    /** What this process writes into the lock file: pid, start time, the data directory's identity. */
    static String describeThisProcess(String identity) {
        return "pid " + ProcessHandle.current().pid() + ", started "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())
                + (identity == null || identity.isEmpty() ? "" : ", client id " + identity);
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(512);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return text.lines().findFirst().orElse("").strip().replaceAll("[^\\x20-\\x7e]", "?");
        } catch (IOException e) {
            return "";
        }
    }

    /** Only for tests: the OS releases it when the process ends. */
    void release() throws IOException {
        lock.release();
        channel.close();
    }
}
