package org.cabinetgw.uplink.internal.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue: a segmented append-only log of CRC32C-framed records with group commit.
 *
 * <p>Producers call {@link #append}; one writer thread takes everything pending, decides admission
 * (limits by bytes and count, priority eviction), writes it with one {@code write} and one
 * {@code fsync}, and only then completes the producers' futures: a message is accepted exactly when it
 * is on disk, and many messages share each fsync. Acknowledgements (delivered or evicted) are ACK records
 * written the same way; a sealed segment is deleted once nothing live is left in it and in every older
 * one, and a mostly dead oldest segment is compacted by copying its few live records forward.
 *
 * <p>The index of live messages (sequence, priority, where on disk) is in memory; payloads are read back
 * from the page cache on delivery. Recovery rebuilds the index by scanning the segments in order.
 *
 * <p>Thread safety: the index is guarded by {@code this}; file writes happen on the writer thread only.
 */
public final class SegmentedLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
    private static final String SUFFIX = ".seg";
    private static final String SPARE_SUFFIX = ".spare";
    /** ACK records are written once this many are pending, or after {@link #ACK_DELAY_MILLIS}. */
    private static final int ACK_BATCH = 1000;
    private static final long ACK_DELAY_MILLIS = 50;
    /** {@link #peek} reads neighbouring records at once when at most this many bytes lie between them... */
    private static final int MAX_READ_GAP = 16 * 1024;
    /** ...and the whole read stays below this. */
    private static final int MAX_READ_SPAN = 1024 * 1024;

    /** Where a live message is on disk. */
    private static final class Entry {
        final long seq;
        final Priority priority;
        final boolean aggregate;
        final int size;
        Segment segment;
        long offset;

        Entry(long seq, Priority priority, boolean aggregate, int size, Segment segment, long offset) {
            this.seq = seq;
            this.priority = priority;
            this.aggregate = aggregate;
            this.size = size;
            this.segment = segment;
            this.offset = offset;
        }
    }

    /** One segment file. */
    private static final class Segment {
        final long number;
        final Path path;
        final FileChannel channel;
        long size;
        int liveCount;
        long liveBytes;

        Segment(long number, Path path, FileChannel channel, long size) {
            this.number = number;
            this.path = path;
            this.channel = channel;
            this.size = size;
        }
    }

    private record Pending(QueuedMessage message, CompletableFuture<QueuedMessage> result) {
    }

    private final QueueOptions options;
    private final QueueListener listener;
    private final Path directory;

    // guarded by this
    private final NavigableMap<Long, Entry> live = new TreeMap<>();
    private final Map<Priority, TreeSet<Long>> byPriority = new EnumMap<>(Priority.class);
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();
    private long liveBytes;
    private long nextSeq = 1;
    private long committedSeq;
    private final List<Long> pendingAcks = new ArrayList<>();
    // Producers hand their messages over without taking the log's lock: with dozens of producers and the
    // writer holding the lock while it builds a batch, a locked hand-over made them queue up on the monitor.
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    // raised by whoever gives the writer work; the writer lowers it before it looks for work, then parks
    private final AtomicBoolean writerSignalled = new AtomicBoolean();
    private volatile boolean closing;
    private Segment current;
    private Future<Path> spare;
    private final ExecutorService preallocator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cabinetgw-uplink-queue-prealloc");
        t.setDaemon(true);
        return t;
    });

    private final AtomicLong evictedCount = new AtomicLong();
    private final AtomicLong refusedCount = new AtomicLong();
    private final int corruptRecords;
    private final int tornTailBytes;
    private final Thread writer;
    private volatile boolean storageFailing;

    private SegmentedLog(QueueOptions options, QueueListener listener, int corruptRecords, int tornTailBytes) {
        this.options = options;
        this.listener = listener;
        this.directory = options.directory();
        this.corruptRecords = corruptRecords;
        this.tornTailBytes = tornTailBytes;
        for (Priority p : Priority.values()) {
            byPriority.put(p, new TreeSet<>());
        }
        this.writer = new Thread(this::writeLoop, "cabinetgw-uplink-queue-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (recovers) or creates the queue in {@code options.directory()}. Damaged records are skipped
     * and counted, a torn tail is truncated; nothing of what was good is lost.
     */
    public static SegmentedLog open(QueueOptions options, QueueListener listener) throws IOException {
        Files.createDirectories(options.directory());
        List<Path> files;
        try (Stream<Path> list = Files.list(options.directory())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        try (Stream<Path> list = Files.list(options.directory())) {
            for (Path leftover : list.filter(p -> p.getFileName().toString().endsWith(SPARE_SUFFIX)).toList()) {
                Files.deleteIfExists(leftover); // a spare being zero-filled when we stopped: never used
            }
        }
        Recovery recovery = new Recovery();
        List<Segment> opened = new ArrayList<>();
        int corrupt = 0;
        int torn = 0;
        for (Path file : files) {
            long number;
            try {
                String name = file.getFileName().toString();
                number = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            } catch (NumberFormatException e) {
                LOG.warn("Ignoring {}: not a queue segment name", file);
                continue;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                channel.close();
                throw new IOException(file + " is larger than 2 GiB: not a queue segment");
            }
            ByteBuffer content = ByteBuffer.allocate((int) size);
            while (content.hasRemaining() && channel.read(content, content.position()) >= 0) {
                // read fully
            }
            content.flip();
            Segment segment = new Segment(number, file, channel, size);
            recovery.segment = segment;
            SegmentScanner.Result result = SegmentScanner.scan(content, recovery);
            corrupt += result.corruptRecords();
            if (result.tornTailBytes() > 0 && isAllZero(content, result.validEnd())) {
                segment.size = result.validEnd(); // preallocated space, not damage
            } else if (result.tornTailBytes() > 0) {
                int damaged = lastNonZero(content) + 1 - result.validEnd();
                torn += damaged;
                LOG.warn("Queue segment {}: {} bytes after the last good record discarded (torn write)", file,
                        damaged);
                channel.truncate(result.validEnd());
                channel.force(true);
                segment.size = result.validEnd();
            }
            if (result.corruptRecords() > 0) {
                LOG.warn("Queue segment {}: {} damaged records skipped", file, result.corruptRecords());
            }
            opened.add(segment);
        }
        SegmentedLog log = new SegmentedLog(options, listener, corrupt, torn);
        synchronized (log) {
            for (Segment s : opened) {
                log.segments.put(s.number, s);
            }
            for (Entry e : recovery.entries.values()) {
                log.index(e);
            }
            log.nextSeq = Math.max(recovery.maxSeq + 1, recovery.nextSeqHint);
            log.committedSeq = log.nextSeq - 1;
            // appends continue in the newest segment (its zero tail, if preallocated, is free space)
            log.current = opened.isEmpty() ? log.newSegment(1) : opened.get(opened.size() - 1);
            log.deleteDeadSegments();
            log.prepareSpare(log.current.number + 1);
        }
        log.writer.start();
        if (corrupt > 0 || torn > 0 || !recovery.entries.isEmpty()) {
            LOG.info("Queue {} recovered: {} messages pending, {} damaged records skipped, {} torn bytes dropped",
                    options.directory(), recovery.entries.size(), corrupt, torn);
        }
        return log;
    }

    private static int lastNonZero(ByteBuffer content) {
        for (int i = content.limit() - 1; i >= 0; i--) {
            if (content.get(i) != 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAllZero(ByteBuffer content, int from) {
        for (int i = from; i < content.limit(); i++) {
            if (content.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Collects the live entries while segments are scanned in order. */
    private static final class Recovery implements SegmentScanner.Visitor {
        final TreeMap<Long, Entry> entries = new TreeMap<>();
        long maxSeq;
        long nextSeqHint = 1;
        Segment segment;

        @Override
        public void data(QueuedMessage m, int offset, int length) {
            // a later copy (compaction) replaces an earlier one
            entries.put(m.seq(), new Entry(m.seq(), m.priority(), m.aggregate(), length, segment, offset));
            maxSeq = Math.max(maxSeq, m.seq());
        }

        @Override
        public void ack(long[] seqs) {
            for (long s : seqs) {
                entries.remove(s);
                maxSeq = Math.max(maxSeq, s);
            }
        }

        @Override
        public void seq(long next) {
            nextSeqHint = Math.max(nextSeqHint, next);
        }
    }

    // ---------------------------------------------------------------- producers

    /**
     * Queues a message for the next group commit. The future completes with the message (its sequence
     * assigned) once it is on disk, or exceptionally with an {@link UplinkRefusedException}.
     */
    public CompletableFuture<QueuedMessage> append(QueuedMessage message) {
        CompletableFuture<QueuedMessage> result = new CompletableFuture<>();
        int size = message.storedSize();
        if (size > options.segmentBytes() || size > options.maxBytes()) {
            refusedCount.incrementAndGet();
            result.completeExceptionally(new UplinkRefusedException(Reason.TOO_LARGE,
                    "message " + message.id() + " needs " + size + " bytes, more than the queue holds"));
            return result;
        }
        if (closing) {
            refusedCount.incrementAndGet();
            result.completeExceptionally(new UplinkRefusedException(Reason.UNAVAILABLE, "the queue is closed"));
            return result;
        }
        pending.add(new Pending(message, result));
        signalWriter();
        if (closing && !writer.isAlive()) {
            // close() began after the check above and its writer is gone: nobody else will answer this one
            refuseLeftovers();
        }
        return result;
    }

    /** Appends and waits until the message is durable. */
    public QueuedMessage appendAndWait(QueuedMessage message, long timeoutMillis) throws UplinkRefusedException {
        try {
            return append(message).get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UplinkRefusedException r) {
                throw r;
            }
            throw new UplinkRefusedException(Reason.STORAGE_ERROR, "storing failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            // it may still be written later: then it is delivered (at least once), which is allowed
            throw new UplinkRefusedException(Reason.STORAGE_ERROR,
                    "the store did not confirm within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UplinkRefusedException(Reason.UNAVAILABLE, "interrupted while storing");
        }
    }

    // ---------------------------------------------------------------- consumers

    /**
     * Up to {@code max} durable messages with a sequence above {@code afterSeq}, in sequence order,
     * that match {@code filter}.
     */
    public synchronized List<QueuedMessage> peek(long afterSeq, int max, Selector filter) throws IOException {
        List<Entry> chosen = new ArrayList<>();
        for (Entry e : live.subMap(afterSeq, false, committedSeq, true).values()) {
            if (chosen.size() >= max) {
                break;
            }
            if (filter.select(e.seq, e.priority, e.aggregate)) {
                chosen.add(e);
            }
        }
        return readAll(chosen);
    }

    /**
     * Reads the entries with as few reads as their layout allows: records written one after the other
     * (the usual case: one group commit after the next) come in one read of the span that holds them,
     * instead of one read and one buffer per record.
     */
    private List<QueuedMessage> readAll(List<Entry> entries) throws IOException {
        List<QueuedMessage> out = new ArrayList<>(entries.size());
        int i = 0;
        while (i < entries.size()) {
            Entry first = entries.get(i);
            long end = first.offset + first.size;
            int j = i + 1;
            while (j < entries.size()) {
                Entry e = entries.get(j);
                // the same file, further on, close by (ACK records lie between batches) and a bounded read
                if (e.segment != first.segment || e.offset < end || e.offset - end > MAX_READ_GAP
                        || e.offset + e.size - first.offset > MAX_READ_SPAN) {
                    break;
                }
                end = e.offset + e.size;
                j++;
            }
            ByteBuffer span = readFully(first.segment, first.offset, (int) (end - first.offset));
            for (int k = i; k < j; k++) {
                Entry e = entries.get(k);
                int at = (int) (e.offset - first.offset);
                out.add(RecordCodec.readData(span.slice(at + RecordCodec.HEADER, e.size - RecordCodec.HEADER)));
            }
            i = j;
        }
        return out;
    }

    /** Chooses which queued messages {@link #peek} returns ({@code aggregate}: see {@link QueuedMessage}). */
    @FunctionalInterface
    public interface Selector {
        boolean select(long seq, Priority priority, boolean aggregate);
    }

    private QueuedMessage read(Entry e) throws IOException {
        ByteBuffer buffer = readFully(e.segment, e.offset, e.size);
        return RecordCodec.readData(buffer.slice(RecordCodec.HEADER, e.size - RecordCodec.HEADER));
    }

    private static ByteBuffer readFully(Segment segment, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (segment.channel.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("unexpected end of " + segment.path);
            }
        }
        return buffer;
    }

    /**
     * Removes delivered messages. Unknown or already removed sequences are ignored (a late PUBACK after a
     * retry over another transport is normal). The ACK record is written lazily, with the next batch: a
     * crash before then only means those messages are sent once more.
     */
    public synchronized void acknowledge(Iterable<Long> seqs) {
        boolean first = pendingAcks.isEmpty();
        for (long seq : seqs) {
            if (unindex(seq)) {
                pendingAcks.add(seq);
            }
        }
        if ((first && !pendingAcks.isEmpty()) || pendingAcks.size() >= ACK_BATCH) {
            signalWriter();
        }
    }

    /** True while the message with this sequence is queued (not acknowledged, not evicted). */
    public synchronized boolean contains(long seq) {
        return live.containsKey(seq);
    }

    public synchronized int size() {
        return live.size();
    }

    public synchronized long bytes() {
        return liveBytes;
    }

    public synchronized boolean isEmpty() {
        return live.isEmpty();
    }

    public synchronized int count(Priority priority) {
        return byPriority.get(priority).size();
    }

    public long evicted() {
        return evictedCount.get();
    }

    public long refused() {
        return refusedCount.get();
    }

    public int corruptRecords() {
        return corruptRecords;
    }

    public int tornTailBytes() {
        return tornTailBytes;
    }

    public boolean storageFailing() {
        return storageFailing;
    }

    public synchronized int segmentCount() {
        return segments.size();
    }

    // ---------------------------------------------------------------- index

    private void index(Entry e) {
        live.put(e.seq, e);
        byPriority.get(e.priority).add(e.seq);
        liveBytes += e.size;
        e.segment.liveCount++;
        e.segment.liveBytes += e.size;
    }

    private boolean unindex(long seq) {
        Entry e = live.remove(seq);
        if (e == null) {
            return false;
        }
        byPriority.get(e.priority).remove(seq);
        liveBytes -= e.size;
        e.segment.liveCount--;
        e.segment.liveBytes -= e.size;
        return true;
    }

    /**
     * Makes room for a message of {@code priority} and {@code size}: evicts the oldest of the lowest
     * priority below it; telemetry may also evict older telemetry (a fresh reading is worth more than a
     * stale one). Alarms and events never evict their own kind. Returns false when there is no room.
     */
    private boolean makeRoom(Priority priority, int size, List<Long> evictions, Map<Priority, Integer> evictedBy) {
        while (live.size() + 1 > options.maxMessages() || liveBytes + size > options.maxBytes()) {
            Long victim = null;
            Priority[] all = Priority.values();
            for (int i = all.length - 1; i >= 0 && victim == null; i--) {
                Priority candidate = all[i];
                boolean allowed = priority.outranks(candidate)
                        || (candidate == priority && priority == Priority.TELEMETRY);
                TreeSet<Long> set = byPriority.get(candidate);
                if (allowed && !set.isEmpty()) {
                    victim = set.first();
                }
            }
            if (victim == null) {
                return false;
            }
            Entry e = live.get(victim);
            unindex(victim);
            evictions.add(victim);
            evictedBy.merge(e.priority, 1, Integer::sum);
        }
        return true;
    }

    // ---------------------------------------------------------------- writer

    private void signalWriter() {
        if (!writerSignalled.getAndSet(true)) {
            LockSupport.unpark(writer);
        }
    }

    private void writeLoop() {
        long ackDeadline = 0; // 0: no acknowledgement is waiting
        while (true) {
            // lowered before looking: work handed over from now on raises it again and unparks
            writerSignalled.set(false);
            boolean closeNow = closing;
            int acksWaiting;
            synchronized (this) {
                acksWaiting = pendingAcks.size();
            }
            // Acknowledgements alone are not urgent (a lost one means a duplicate, never a loss): they wait
            // for the next data batch, for ACK_BATCH of them, or for ACK_DELAY_MILLIS.
            boolean work = closeNow || !pending.isEmpty() || acksWaiting >= ACK_BATCH;
            if (!work && acksWaiting > 0) {
                long now = System.nanoTime();
                if (ackDeadline == 0) {
                    ackDeadline = now + TimeUnit.MILLISECONDS.toNanos(ACK_DELAY_MILLIS);
                }
                work = now - ackDeadline >= 0;
            }
            if (!work) {
                if (acksWaiting == 0) {
                    ackDeadline = 0;
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, ackDeadline - System.nanoTime());
                }
                if (Thread.interrupted()) {
                    closing = true;
                }
                continue;
            }
            ackDeadline = 0;
            List<Pending> batch = new ArrayList<>();
            for (Pending p; batch.size() < options.maxBatchRecords() && (p = pending.poll()) != null; ) {
                batch.add(p);
            }
            List<Long> acks;
            synchronized (this) {
                acks = new ArrayList<>(pendingAcks);
                pendingAcks.clear();
            }
            if (batch.isEmpty() && acks.isEmpty() && closeNow) {
                return;
            }
            writeBatch(batch, acks);
        }
    }

    /** Refuses whatever is still handed over once the writer has stopped (each taken by one caller only). */
    private void refuseLeftovers() {
        for (Pending p; (p = pending.poll()) != null; ) {
            refusedCount.incrementAndGet();
            p.result.completeExceptionally(new UplinkRefusedException(Reason.UNAVAILABLE, "the queue closed"));
        }
    }

    /** One group commit: admission, one write, one fsync, then the futures. */
    private void writeBatch(List<Pending> batch, List<Long> acks) {
        List<Long> evictions = new ArrayList<>();
        Map<Priority, Integer> evictedBy = new EnumMap<>(Priority.class);
        List<Pending> accepted = new ArrayList<>();
        List<Entry> staged = new ArrayList<>();
        List<Entry> relocated = new ArrayList<>();
        List<Long> copyOffsets = new ArrayList<>();
        ByteBuffer buffer;
        Segment target;
        long start;
        synchronized (this) {
            int upperBound = 0;
            for (Pending p : batch) {
                upperBound += p.message.storedSize();
            }
            if (current.size > 0 && current.size + upperBound > options.segmentBytes()) {
                try {
                    roll();
                } catch (IOException e) {
                    failAll(batch, acks, "cannot start a new queue segment: " + e.getMessage());
                    return;
                }
            }
            target = current;
            start = target.size;
            Segment compact = compactionCandidate();
            List<QueuedMessage> copies = new ArrayList<>();
            if (compact != null) {
                for (Entry e : live.values()) {
                    if (e.segment == compact) {
                        try {
                            copies.add(read(e));
                            relocated.add(e);
                        } catch (IOException ex) {
                            LOG.warn("Cannot read back message {} for compaction: {}", e.seq, ex.getMessage());
                        }
                    }
                }
            }
            int copiesSize = 0;
            for (QueuedMessage m : copies) {
                copiesSize += m.storedSize();
            }
            ByteBuffer data = ByteBuffer.allocate(upperBound + copiesSize + RecordCodec.seqRecordSize());
            if (start == 0) {
                RecordCodec.writeSeq(data, nextSeq);
            }
            for (Pending p : batch) {
                QueuedMessage m = p.message;
                int size = m.storedSize();
                if (!makeRoom(m.priority(), size, evictions, evictedBy)) {
                    refusedCount.incrementAndGet();
                    p.result.completeExceptionally(new UplinkRefusedException(Reason.QUEUE_FULL,
                            "queue full for " + m.priority() + " (" + live.size() + " messages, " + liveBytes
                                    + " bytes; limits " + options.maxMessages() + " messages, "
                                    + options.maxBytes() + " bytes)"));
                    continue;
                }
                QueuedMessage withSeq = m.withSeq(nextSeq++);
                Entry e = new Entry(withSeq.seq(), withSeq.priority(), withSeq.aggregate(), size, target, start + data.position());
                RecordCodec.writeData(data, withSeq);
                index(e);
                staged.add(e);
                accepted.add(new Pending(withSeq, p.result));
            }
            for (QueuedMessage m : copies) {
                copyOffsets.add(start + data.position());
                RecordCodec.writeData(data, m);
            }
            data.flip();
            List<Long> allAcks = new ArrayList<>(acks);
            allAcks.addAll(evictions);
            buffer = ByteBuffer.allocate(data.limit() + (allAcks.isEmpty() ? 0 : RecordCodec.ackRecordSize(allAcks.size())));
            buffer.put(data);
            if (!allAcks.isEmpty()) {
                long[] seqs = allAcks.stream().mapToLong(Long::longValue).toArray();
                RecordCodec.writeAck(buffer, seqs, seqs.length);
            }
            buffer.flip();
        }
        try {
            while (buffer.hasRemaining()) {
                target.channel.write(buffer, start + buffer.position());
            }
            if (!accepted.isEmpty() || !relocated.isEmpty()) {
                // data must be on disk before anyone is told so (and copies before their old segment goes);
                // ACK-only batches skip the fsync: the next data batch's fsync carries them
                target.channel.force(false);
            }
        } catch (IOException e) {
            synchronized (this) {
                try {
                    target.channel.truncate(start);
                } catch (IOException ignored) {
                    // the records beyond start are not in the index; recovery would skip or re-read them
                }
                for (Entry s : staged) {
                    unindex(s.seq);
                }
                // the compaction copies did not make it either: those entries simply stay where they were
                pendingAcks.addAll(acks);
                pendingAcks.addAll(evictions);
            }
            failAll(accepted, List.of(), "the queue cannot write: " + e.getMessage());
            return;
        }
        synchronized (this) {
            target.size = start + buffer.limit();
            for (int i = 0; i < relocated.size(); i++) {
                Entry r = relocated.get(i);
                if (live.get(r.seq) == r) {
                    r.segment.liveCount--;
                    r.segment.liveBytes -= r.size;
                    r.segment = target;
                    r.offset = copyOffsets.get(i);
                    target.liveCount++;
                    target.liveBytes += r.size;
                }
            }
            if (!staged.isEmpty()) {
                committedSeq = staged.get(staged.size() - 1).seq;
            }
            deleteDeadSegments();
        }
        if (storageFailing) {
            storageFailing = false;
            LOG.info("The queue writes again");
            listener.storageRecovered();
        }
        for (Pending p : accepted) {
            p.result.complete(p.message);
        }
        evictedBy.forEach((priority, count) -> {
            evictedCount.addAndGet(count);
            listener.evicted(priority, count);
        });
        if (!accepted.isEmpty()) {
            listener.committed();
        }
    }

    private void failAll(List<Pending> batch, List<Long> acks, String reason) {
        if (!storageFailing) {
            storageFailing = true;
            LOG.error("Queue storage failing, refusing messages: {}", reason);
            listener.storageFailed(reason);
        }
        synchronized (this) {
            pendingAcks.addAll(acks);
        }
        for (Pending p : batch) {
            refusedCount.incrementAndGet();
            p.result.completeExceptionally(new UplinkRefusedException(Reason.STORAGE_ERROR, reason));
        }
    }

    /** The oldest sealed segment when it is mostly dead: its live records are copied forward. */
    private Segment compactionCandidate() {
        if (segments.size() < 3) {
            return null;
        }
        Segment oldest = segments.firstEntry().getValue();
        if (oldest == current || oldest.liveCount == 0) {
            return null;
        }
        return oldest.liveBytes * 4 < oldest.size ? oldest : null;
    }

    private void roll() throws IOException {
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
        current = fresh ? openSegment(number, path, 0) : newSegment(number);
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
    private void prepareSpare(long number) {
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
        ByteBuffer zeros = ByteBuffer.allocate(Math.min(options.segmentBytes(), 1 << 20));
        long size = options.segmentBytes();
        for (long pos = 0; pos < size; pos += zeros.capacity()) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
            while (zeros.hasRemaining()) {
                channel.write(zeros, pos + zeros.position());
            }
        }
        channel.force(true);
    }

    /** Sealed segments are deleted oldest first, so no ACK record is lost before the data it cancels. */
    private void deleteDeadSegments() {
        Iterator<Segment> it = segments.values().iterator();
        while (it.hasNext()) {
            Segment s = it.next();
            if (s == current || s.liveCount > 0) {
                return;
            }
            try {
                s.channel.close();
                Files.deleteIfExists(s.path);
                it.remove();
            } catch (IOException e) {
                LOG.warn("Cannot delete spent queue segment {}: {}", s.path, e.getMessage());
                return;
            }
        }
    }

    /**
     * Writes what is pending (messages and acknowledgements), stops the writer and closes the files.
     * Messages appended after this are refused.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        preallocator.shutdownNow();
        try {
            // a spare being zero-filled must stop touching the directory before close returns: the owner may
            // delete the directory next (a test's temporary one), or a successor may open it
            if (!preallocator.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Queue pre-allocation in {} did not stop within 10 s", directory);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                current.channel.force(false); // the lazily written ACK records
            } catch (IOException e) {
                LOG.debug("Final fsync of {}: {}", current.path, e.getMessage());
            }
            refuseLeftovers();
            for (Segment s : segments.values()) {
                try {
                    s.channel.close();
                } catch (IOException e) {
                    LOG.debug("Closing {}: {}", s.path, e.getMessage());
                }
            }
        }
    }
}
