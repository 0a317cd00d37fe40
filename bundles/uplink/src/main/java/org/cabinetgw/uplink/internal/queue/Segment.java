package org.cabinetgw.uplink.internal.queue;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment file of the log and what of it is still live. Its counters are guarded by the log's lock; the
 * writer thread alone writes the file.
 *
 * <p>Reads go through a {@link RandomAccessFile}, not the writer's {@link FileChannel}: a channel is closed for
 * good, for every user, by an I/O call from a thread whose interrupt flag is set, and reads come from threads
 * that get interrupted (a dispatcher being stopped, a listing over HTTP or Gogo, the pair's catch-up). One such
 * read used to leave the whole queue unable to write until a restart. A stream's read is not interruptible.
 */
final class Segment {

    /** Neighbouring records are read at once when at most this many bytes lie between them... */
    private static final int MAX_READ_GAP = 16 * 1024;
    /** ...and the whole read stays below this. */
    private static final int MAX_READ_SPAN = 1024 * 1024;

    final long number;
    final Path path;
    final FileChannel channel;
    long size;
    int liveCount;
    long liveBytes;
    /** Opened at the first read; guarded by this segment's monitor (seek and read go together). */
    private RandomAccessFile reader;
    private boolean closed;

    Segment(long number, Path path, FileChannel channel, long size) {
        this.number = number;
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    synchronized ByteBuffer readFully(long offset, int length) throws IOException {
        if (closed) {
            throw new IOException("queue segment " + path + " is closed");
        }
        if (reader == null) {
            reader = new RandomAccessFile(path.toFile(), "r");
        }
        byte[] bytes = new byte[length];
        try {
            reader.seek(offset);
            reader.readFully(bytes);
        } catch (EOFException e) {
            throw new IOException("unexpected end of " + path, e);
        }
        return ByteBuffer.wrap(bytes);
    }

    /** Closes the writer's channel and the reader. */
    void close() throws IOException {
        try {
            channel.close();
        } finally {
            synchronized (this) {
                closed = true;
                if (reader != null) {
                    reader.close();
                    reader = null;
                }
            }
        }
    }

    /** The message of one live entry, read back from its segment. */
    static QueuedMessage read(LiveIndex.Entry e) throws IOException {
        ByteBuffer buffer = e.segment.readFully(e.offset, e.size);
        return RecordCodec.readData(buffer.slice(RecordCodec.HEADER, e.size - RecordCodec.HEADER));
    }

    /**
     * Reads the entries with as few reads as their layout allows: records written one after the other
     * (the usual case: one group commit after the next) come in one read of the span that holds them,
     * instead of one read and one buffer per record.
     */
    static List<QueuedMessage> readAll(List<LiveIndex.Entry> entries) throws IOException {
        List<QueuedMessage> out = new ArrayList<>(entries.size());
        int i = 0;
        while (i < entries.size()) {
            LiveIndex.Entry first = entries.get(i);
            long end = first.offset + first.size;
            int j = i + 1;
            while (j < entries.size()) {
                LiveIndex.Entry e = entries.get(j);
                // the same file, further on, close by (ACK records lie between batches) and a bounded read
                if (e.segment != first.segment || e.offset < end || e.offset - end > MAX_READ_GAP
                        || e.offset + e.size - first.offset > MAX_READ_SPAN) {
                    break;
                }
                end = e.offset + e.size;
                j++;
            }
            ByteBuffer span = first.segment.readFully(first.offset, (int) (end - first.offset));
            for (int k = i; k < j; k++) {
                LiveIndex.Entry e = entries.get(k);
                int at = (int) (e.offset - first.offset);
                out.add(RecordCodec.readData(span.slice(at + RecordCodec.HEADER, e.size - RecordCodec.HEADER)));
            }
            i = j;
        }
        return out;
    }
}
