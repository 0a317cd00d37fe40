package org.cabinetgw.uplink.internal.queue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.uplink.internal.queue.GroupCommitWriter.Pending;
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
 *
 * <p>The parts: {@link LogRecovery} (opening), {@link LiveIndex} (the live messages, limits, eviction),
 * {@link GroupCommitWriter} (the writer thread), {@link Compaction}, {@link SegmentFiles} and {@link Segment}
 * (the files). This class admits, writes and acknowledges.
 */
public final class SegmentedLog implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);

    private final QueueOptions options;
    private final QueueListener listener;

    // guarded by this
    private final LiveIndex live;
    private final SegmentFiles files;
    private long nextSeq = 1;
    private long committedSeq;
    private final List<Long> pendingAcks = new ArrayList<>();

    private final AtomicLong evictedCount = new AtomicLong();
    private final AtomicLong refusedCount = new AtomicLong();
    private final int corruptRecords;
    private final int tornTailBytes;
    private final GroupCommitWriter writer;
    private volatile boolean storageFailing;

    private SegmentedLog(QueueOptions options, QueueListener listener, int corruptRecords, int tornTailBytes) {
        this.options = options;
        this.listener = listener;
        this.corruptRecords = corruptRecords;
        this.tornTailBytes = tornTailBytes;
        this.live = new LiveIndex(options.maxBytes(), options.maxMessages());
        this.files = new SegmentFiles(options.directory(), options.segmentBytes());
        this.writer = new GroupCommitWriter(options.maxBatchRecords(), new GroupCommitWriter.Committer() {
            @Override
            public int acksWaiting() {
                synchronized (SegmentedLog.this) {
                    return pendingAcks.size();
                }
            }

            @Override
            public List<Long> takeAcks() {
                synchronized (SegmentedLog.this) {
                    List<Long> acks = new ArrayList<>(pendingAcks);
                    pendingAcks.clear();
                    return acks;
                }
            }

            @Override
            public void commit(List<Pending> batch, List<Long> acks) {
                writeBatch(batch, acks);
            }
        });
    }

    /**
     * Opens (recovers) or creates the queue in {@code options.directory()}. Damaged records are skipped
     * and counted, a torn tail is truncated; nothing of what was good is lost.
     */
    public static SegmentedLog open(QueueOptions options, QueueListener listener) throws IOException {
        Files.createDirectories(options.directory());
        LogRecovery.Recovered recovered = LogRecovery.recover(options.directory());
        SegmentedLog log = new SegmentedLog(options, listener, recovered.corruptRecords(), recovered.tornTailBytes());
        synchronized (log) {
            log.files.resume(recovered.segments());
            for (LiveIndex.Entry e : recovered.entries()) {
                log.live.add(e);
            }
            log.nextSeq = recovered.nextSeq();
            log.committedSeq = log.nextSeq - 1;
            log.files.deleteDeadSegments();
            log.files.prepareSpare(log.files.current().number + 1);
        }
        log.writer.start();
        int corrupt = recovered.corruptRecords();
        int torn = recovered.tornTailBytes();
        if (corrupt > 0 || torn > 0 || !recovered.entries().isEmpty()) {
            LOG.info("Queue {} recovered: {} messages pending, {} damaged records skipped, {} torn bytes dropped",
                    options.directory(), recovered.entries().size(), corrupt, torn);
        }
        return log;
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
        if (writer.closing()) {
            refusedCount.incrementAndGet();
            result.completeExceptionally(new UplinkRefusedException(Reason.UNAVAILABLE, "the queue is closed"));
            return result;
        }
        writer.handOver(new Pending(message, result));
        if (writer.closing() && !writer.alive()) {
            // close() began after the check above and its writer is gone: nobody else will answer this one
            refuseLeftovers();
        }
        return result;
    }

    /** Appends and waits until the message is durable. */
    public QueuedMessage appendAndWait(QueuedMessage message, long timeoutMillis) throws UplinkRefusedException {
        return awaitStored(append(message), timeoutMillis);
    }

    /** Waits until the message {@link #append} took is durable; refused as {@link #appendAndWait} refuses. */
    public static QueuedMessage awaitStored(CompletableFuture<QueuedMessage> stored, long timeoutMillis)
            throws UplinkRefusedException {
        try {
            return stored.get(timeoutMillis, TimeUnit.MILLISECONDS);
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
        List<LiveIndex.Entry> chosen = new ArrayList<>();
        for (LiveIndex.Entry e : live.range(afterSeq, committedSeq)) {
            if (chosen.size() >= max) {
                break;
            }
            if (filter.select(e.seq, e.priority, e.aggregate)) {
                chosen.add(e);
            }
        }
        return Segment.readAll(chosen);
    }

    /** Chooses which queued messages {@link #peek} returns ({@code aggregate}: see {@link QueuedMessage}). */
    @FunctionalInterface
    public interface Selector {
        boolean select(long seq, Priority priority, boolean aggregate);
    }

    /**
     * Removes delivered messages. Unknown or already removed sequences are ignored (a late PUBACK after a
     * retry over another transport is normal). The ACK record is written lazily, with the next batch: a
     * crash before then only means those messages are sent once more.
     */
    public synchronized void acknowledge(Iterable<Long> seqs) {
        boolean first = pendingAcks.isEmpty();
        for (long seq : seqs) {
            if (live.remove(seq)) {
                pendingAcks.add(seq);
            }
        }
        if ((first && !pendingAcks.isEmpty()) || pendingAcks.size() >= GroupCommitWriter.ACK_BATCH) {
            writer.signal();
        }
    }

    /** True while the message with this sequence is queued (not acknowledged, not evicted). */
    public synchronized boolean contains(long seq) {
        return live.contains(seq);
    }

    public synchronized int size() {
        return live.size();
    }

    public synchronized long bytes() {
        return live.bytes();
    }

    public synchronized boolean isEmpty() {
        return live.isEmpty();
    }

    public synchronized int count(Priority priority) {
        return live.count(priority);
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
        return files.count();
    }

    // ---------------------------------------------------------------- writer

    /** Refuses whatever is still handed over once the writer has stopped (each taken by one caller only). */
    private void refuseLeftovers() {
        for (Pending p; (p = writer.leftover()) != null; ) {
            refusedCount.incrementAndGet();
            p.result().completeExceptionally(new UplinkRefusedException(Reason.UNAVAILABLE, "the queue closed"));
        }
    }

    /** One group commit: admission, one write, one fsync, then the futures. */
    private void writeBatch(List<Pending> batch, List<Long> acks) {
        List<Long> evictions = new ArrayList<>();
        Map<Priority, Integer> evictedBy = new EnumMap<>(Priority.class);
        List<Pending> accepted = new ArrayList<>();
        List<LiveIndex.Entry> staged = new ArrayList<>();
        Compaction compaction;
        ByteBuffer buffer;
        Segment target;
        long start;
        synchronized (this) {
            int upperBound = 0;
            for (Pending p : batch) {
                upperBound += p.message().storedSize();
            }
            // what was delivered since the last write gives its space back first: on a full disk the new segment
            // (or the full one's ACK record) needs it, and otherwise nothing would ever write again to free it
            files.deleteDeadSegments();
            Segment current = files.current();
            if (current.size > 0 && current.size + upperBound > options.segmentBytes()) {
                try {
                    files.roll();
                } catch (IOException e) {
                    failAll(batch, acks, "cannot start a new queue segment: " + e.getMessage());
                    return;
                }
            }
            target = files.current();
            start = target.size;
            compaction = Compaction.plan(files, live);
            ByteBuffer data = ByteBuffer.allocate(upperBound + compaction.bytes() + RecordCodec.seqRecordSize());
            if (start == 0) {
                RecordCodec.writeSeq(data, nextSeq);
            }
            for (Pending p : batch) {
                QueuedMessage m = p.message();
                int size = m.storedSize();
                if (!live.makeRoom(m.priority(), size, evictions, evictedBy)) {
                    refusedCount.incrementAndGet();
                    p.result().completeExceptionally(new UplinkRefusedException(Reason.QUEUE_FULL,
                            "queue full for " + m.priority() + " (" + live.size() + " messages, " + live.bytes()
                                    + " bytes; limits " + options.maxMessages() + " messages, "
                                    + options.maxBytes() + " bytes)"));
                    continue;
                }
                QueuedMessage withSeq = m.withSeq(nextSeq++);
                LiveIndex.Entry e = new LiveIndex.Entry(withSeq.seq(), withSeq.priority(), withSeq.aggregate(), size,
                        target, start + data.position());
                RecordCodec.writeData(data, withSeq);
                live.add(e);
                staged.add(e);
                accepted.add(new Pending(withSeq, p.result()));
            }
            compaction.write(data, start);
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
            if (!accepted.isEmpty() || compaction.copying()) {
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
                for (LiveIndex.Entry s : staged) {
                    live.remove(s.seq);
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
            compaction.commit(live, target);
            if (!staged.isEmpty()) {
                committedSeq = staged.get(staged.size() - 1).seq;
            }
            files.deleteDeadSegments();
        }
        if (storageFailing) {
            storageFailing = false;
            LOG.info("The queue writes again");
            listener.storageRecovered();
        }
        for (Pending p : accepted) {
            p.result().complete(p.message());
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
            p.result().completeExceptionally(new UplinkRefusedException(Reason.STORAGE_ERROR, reason));
        }
    }

    /**
     * Writes what is pending (messages and acknowledgements), stops the writer and closes the files.
     * Messages appended after this are refused.
     */
    @Override
    public void close() {
        writer.close(TimeUnit.SECONDS.toMillis(10));
        files.stopPreallocation();
        synchronized (this) {
            refuseLeftovers();
            files.close(); // with a last fsync: the lazily written ACK records
        }
    }
}
