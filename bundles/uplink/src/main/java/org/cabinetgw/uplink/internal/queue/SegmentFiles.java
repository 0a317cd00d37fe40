package org.cabinetgw.uplink.internal.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's segment files: their names, the current one appends go to, a new one zero-filled in advance, rolling
 * over to it, and deleting those with nothing live left. Not thread-safe: guarded by the log's lock.
 */
final class SegmentFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);
    static final String SUFFIX = ".seg";
    static final String SPARE_SUFFIX = ".spare";

    private final Path directory;
    private final int segmentBytes;
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private Segment current;
    private Future<Path> spare;
    private final ExecutorService preallocator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cabinetgw-uplink-queue-prealloc");
        t.setDaemon(true);
        return t;
    });

    SegmentFiles(Path directory, int segmentBytes) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Takes the recovered segments, oldest first; appends continue in the newest (its zero tail, if preallocated,
     * is free space), or in a new first segment. The next one is prepared in the background.
     */
    void resume(List<Segment> recovered) throws IOException {
        for (Segment s : recovered) {
            segments.put(s.number, s);
        }
        current = recovered.isEmpty() ? newSegment(1) : recovered.get(recovered.size() - 1);
    }

    Segment current() {
        return current;
    }

    Segment oldest() {
        return segments.firstEntry().getValue();
    }

    int count() {
        return segments.size();
    }

    /** Seals the current segment and starts the next, the prepared spare if it is ready. */
    void roll() throws IOException {
        long number = current.number + 1;
        Path path = segmentPath(number);
        Future<Path> ready = spare;
        spare = null;
        boolean fresh = false;
        if (ready != null) {
            try {
                Files.move(ready.get(), path, StandardCopyOption.ATOMIC_MOVE);
                fresh = true;
            } catch (ExecutionException | IOException e) {
                LOG.debug("Spare segment not usable, preallocating inline: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while rolling the queue segment", e);
            }
        }
        current = fresh ? openSegment(number, path, 0) : newSegmentReusingADeadCurrent(number);
        prepareSpare(number + 1);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true); // the new file's name must survive a crash too
        } catch (IOException e) {
            LOG.debug("Cannot fsync directory {}: {}", directory, e.getMessage());
        }
    }

    private Path segmentPath(long number) {
        return directory.resolve(String.format("%020d%s", number, SUFFIX));
    }

    private Segment openSegment(long number, Path path, long size) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(number, path, channel, size);
        segments.put(number, segment);
        return segment;
    }

    /**
     * Zero-fills the next segment on a background thread while the current one fills up, under a name
     * recovery ignores; {@link #roll} renames it into place. Keeps the 16 MB of zeros off the commit path.
     */
    void prepareSpare(long number) {
        if (preallocator.isShutdown()) {
            return;
        }
        Path tmp = directory.resolve(String.format("%020d%s", number, SPARE_SUFFIX));
        spare = preallocator.submit(() -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                preallocate(ch);
            } catch (IOException e) {
                Files.deleteIfExists(tmp); // disk full: a half spare would only take space
                throw e;
            }
            return tmp;
        });
    }

    /**
     * A new segment; on a full disk, in the space of the current one when that is the only segment and everything in
     * it was delivered (nothing live, and its ACK records cancel only its own messages). Without this a queue whose
     * full segment was all delivered refused for good while something else kept the disk full: the fault campaign's
     * "queue filesystem full until the uplink needs a new segment". A crash between the delete and the new segment
     * leaves an empty queue, which is what it was.
     */
    private Segment newSegmentReusingADeadCurrent(long number) throws IOException {
        try {
            return newSegment(number);
        } catch (IOException full) {
            Segment dead = current;
            if (segments.size() != 1 || dead.liveCount > 0) {
                throw full;
            }
            dead.close();
            Files.deleteIfExists(dead.path);
            segments.remove(dead.number);
            LOG.info("Queue {}: no space for a new segment; reusing the space of segment {}, all of it delivered",
                    directory, dead.number);
            try {
                return newSegment(number);
            } catch (IOException stillFull) {
                // something else took the space meanwhile: an empty segment, grown by its writes (each refused
                // while the disk is full), keeps the log whole
                Path path = segmentPath(number);
                FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                Segment segment = new Segment(number, path, channel, 0);
                segments.put(number, segment);
                return segment;
            }
        }
    }

    private Segment newSegment(long number) throws IOException {
        Path path = segmentPath(number);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Segment segment = new Segment(number, path, channel, channel.size());
        if (segment.size == 0) {
            try {
                preallocate(channel);
            } catch (IOException e) {
                // disk full: leave no half-made segment behind; the batch is refused, a later one may fit
                channel.close();
                Files.deleteIfExists(path);
                throw e;
            }
        }
        segments.put(number, segment);
        return segment;
    }

    /**
     * Fills a new segment with zeros up to its full size, once. Appends then overwrite zeros instead of
     * growing the file, so each group commit's fsync flushes data only and no file-size metadata (the
     * same trick as SQLite reusing its WAL): this roughly halves the cost of a commit on ext4. Recovery
     * knows a zero tail is free space, not damage.
     */
    private void preallocate(FileChannel channel) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(Math.min(segmentBytes, 1 << 20));
        long size = segmentBytes;
        for (long pos = 0; pos < size; pos += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
            while (zeros.hasRemaining()) {
                channel.write(zeros, pos + zeros.position());
            }
        }
        channel.force(true);
    }

    /** Sealed segments are deleted oldest first, so no ACK record is lost before the data it cancels. */
    void deleteDeadSegments() {
        Iterator<Segment> it = segments.values().iterator();
        while (it.hasNext()) {
            Segment s = it.next();
            if (s == current || s.liveCount > 0) {
                return;
            }
            try {
                s.close();
                Files.deleteIfExists(s.path);
                it.remove();
            } catch (IOException e) {
                LOG.warn("Cannot delete spent queue segment {}: {}", s.path, e.getMessage());
                return;
            }
        }
    }

    /**
     * Stops preparing spares. A spare being zero-filled must stop touching the directory before the log's close
     * returns: the owner may delete the directory next (a test's temporary one), or a successor may open it.
     */
    void stopPreallocation() {
        preallocator.shutdownNow();
        try {
            if (!preallocator.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Queue pre-allocation in {} did not stop within 10 s", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Flushes the current segment (the lazily written ACK records) and closes every file. */
    void close() {
        try {
            current.channel.force(false);
        } catch (IOException e) {
            LOG.debug("Final fsync of {}: {}", current.path, e.getMessage());
        }
        for (Segment s : segments.values()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("Closing {}: {}", s.path, e.getMessage());
            }
        }
    }
}
