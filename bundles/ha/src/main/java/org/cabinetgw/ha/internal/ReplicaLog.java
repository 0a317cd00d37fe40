package org.cabinetgw.ha.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

import org.cabinetgw.telemetry.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby's replica of the active's uplink queue, on its own disk: what the active accepted (APPEND records,
 * fsynced before the active is told) and what the cloud acknowledged (ACK records). {@link #pending()} is what a
 * takeover must deliver: appended, not acknowledged, in append order.
 *
 * <p>Record: length (int, of kind + payload), CRC-32 (int, of kind + payload), kind (byte {@code A} or {@code K}),
 * payload (a {@link ReplicaCodec} message, or an id in UTF-8). A damaged or torn record ends the readable part: what
 * follows cannot be framed again safely. The file is then copied to {@code <name>.damaged}, the readable part kept,
 * and the bytes lost counted ({@link #damagedBytes()}); the active still holds those messages, and the standby counts
 * as not in sync until it catches up. Not thread-safe beyond its synchronized methods.
 */
final class ReplicaLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaLog.class);
    static final int MAX_RECORD = 1 << 20;
    private static final byte APPEND = 'A';
    private static final byte ACK = 'K';

    private final Path file;
    private final Map<String, Message> pending = new LinkedHashMap<>();
    private FileChannel channel;
    private long damagedBytes;
    private long records;
    private java.util.Set<String> copied;

    private ReplicaLog(Path file) {
        this.file = file;
    }

    /** Opens (or creates) the replica, reading what it holds. */
    static ReplicaLog open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ReplicaLog log = new ReplicaLog(file);
        log.read();
        log.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return log;
    }

    private void read() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        long good = 0;
        String fault = null;
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            while (good < size) {
                int length;
                int crc;
                try {
                    length = in.readInt();
                    crc = in.readInt();
                } catch (EOFException e) {
                    fault = "a torn record header";
                    break;
                }
                if (length < 1 || length > MAX_RECORD) {
                    fault = "a record length of " + length;
                    break;
                }
                byte[] body = new byte[length];
                try {
                    in.readFully(body);
                } catch (EOFException e) {
                    fault = "a torn record";
                    break;
                }
                if (crc(body) != crc) {
                    fault = "a record whose checksum does not match";
                    break;
                }
                try {
                    apply(body);
                } catch (IllegalArgumentException e) {
                    fault = "an unreadable record (" + e.getMessage() + ")";
                    break;
                }
                good += 8 + length;
                records++;
            }
        }
        if (fault != null) {
            damagedBytes = size - good;
            Path copy = file.resolveSibling(file.getFileName() + ".damaged");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                c.truncate(good);
                c.force(true);
            }
            LOG.warn("Uplink replica {}: {} at byte {}; {} bytes after it dropped (a copy is in {}); {} messages pending",
                    file, fault, good, damagedBytes, copy, pending.size());
        }
    }

    private void apply(byte[] body) {
        byte[] payload = java.util.Arrays.copyOfRange(body, 1, body.length);
        if (body[0] == APPEND) {
            Message m = ReplicaCodec.decode(payload);
            pending.put(m.id(), m);
        } else if (body[0] == ACK) {
            pending.remove(new String(payload, StandardCharsets.UTF_8));
        } else {
            throw new IllegalArgumentException("unknown record kind " + body[0]);
        }
    }

    /** Stores a batch the active accepted; on disk (fsynced) when this returns. */
    synchronized void append(List<Message> batch) throws IOException {
        append(batch, true);
    }

    /** Makes every record written so far durable. */
    synchronized void sync() throws IOException {
        channel.force(false);
    }

    /** Stores a batch; fsynced when {@code sync}, else only with the next {@link #sync} (or a synced append). */
    synchronized void append(List<Message> batch, boolean sync) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (Message m : batch) {
            bodies.add(body(APPEND, ReplicaCodec.encode(m)));
        }
        write(bodies, sync);
        batch.forEach(m -> pending.put(m.id(), m));
        if (copied != null) {
            batch.forEach(m -> copied.add(m.id()));
        }
    }

    /**
     * Records ids the cloud acknowledged. Not fsynced: an acknowledgement lost in a crash makes the takeover send
     * that message again (a duplicate the cloud recognises by its id), never lose one.
     */
    synchronized void acknowledge(List<String> ids) throws IOException {
        List<byte[]> bodies = new ArrayList<>();
        for (String id : ids) {
            if (pending.containsKey(id)) {
                bodies.add(body(ACK, id.getBytes(StandardCharsets.UTF_8)));
            }
        }
        write(bodies, false);
        ids.forEach(pending::remove);
    }

    /**
     * A catch-up from the active begins: what it copies (and appends meanwhile) is noted. What this replica holds stays
     * until {@link #endCatchUp}: should the active die during the copy, nothing the replica had is given up.
     */
    synchronized void beginCatchUp() {
        copied = new java.util.HashSet<>();
    }

    /**
     * The catch-up is complete: what the active's queue no longer holds (the cloud acknowledged it while this node was
     * away) leaves the replica. Returns how many left.
     */
    synchronized int endCatchUp() throws IOException {
        if (copied == null) {
            return 0;
        }
        List<String> gone = pending.keySet().stream().filter(id -> !copied.contains(id)).toList();
        copied = null;
        acknowledge(gone);
        return gone.size();
    }

    /** Appended and not acknowledged, in append order. */
    synchronized List<Message> pending() {
        return List.copyOf(pending.values());
    }

    /** Bytes dropped from a damaged file when it was opened. */
    long damagedBytes() {
        return damagedBytes;
    }

    /** Rewrites the file with the pending messages only (atomically), when acknowledged records dominate it. */
    synchronized void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Message m : pending.values()) {
                writeRecord(c, body(APPEND, ReplicaCodec.encode(m)));
            }
            c.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        records = pending.size();
    }

    private void write(List<byte[]> bodies, boolean sync) throws IOException {
        for (byte[] b : bodies) {
            writeRecord(channel, b);
            records++;
        }
        if (sync) {
            channel.force(false);
        }
        if (records > 10_000 && records > 4L * pending.size()) {
            compact();
        }
    }

    private static void writeRecord(FileChannel c, byte[] body) throws IOException {
        if (body.length > MAX_RECORD) {
            throw new IOException("a replicated record of " + body.length + " bytes is over " + MAX_RECORD);
        }
        ByteBuffer buf = ByteBuffer.allocate(8 + body.length);
        buf.putInt(body.length).putInt(crc(body)).put(body).flip();
        while (buf.hasRemaining()) {
            c.write(buf);
        }
    }

    private static byte[] body(byte kind, byte[] payload) {
        byte[] b = new byte[1 + payload.length];
        b[0] = kind;
        System.arraycopy(payload, 0, b, 1, payload.length);
        return b;
    }

    private static int crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
