package org.cabinetgw.uplink.internal.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer thread of the group commit: producers hand their messages over without a lock, and the one writer
 * takes everything pending (up to a batch) with the acknowledgements waiting, and has it committed with one
 * write and one fsync. Acknowledgements alone are not urgent: they wait for the next data batch, for
 * {@link #ACK_BATCH} of them, or for {@link #ACK_DELAY_MILLIS}.
 */
final class GroupCommitWriter {

    /** ACK records are written once this many are pending, or after {@link #ACK_DELAY_MILLIS}. */
    static final int ACK_BATCH = 1000;
    static final long ACK_DELAY_MILLIS = 50;

    /** A message handed over and the producer's future, completed once it is on disk (or refused). */
    record Pending(QueuedMessage message, CompletableFuture<QueuedMessage> result) {
    }

    /** What the writer commits to: the log. */
    interface Committer {
        /** How many acknowledgements wait to be written. */
        int acksWaiting();

        /** Takes the acknowledgements waiting. */
        List<Long> takeAcks();

        /** One group commit: admission, one write, one fsync, then the futures. */
        void commit(List<Pending> batch, List<Long> acks);
    }

    private final int maxBatchRecords;
    private final Committer committer;
    // Producers hand their messages over without taking the log's lock: with dozens of producers and the
    // writer holding the lock while it builds a batch, a locked hand-over made them queue up on the monitor.
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    // raised by whoever gives the writer work; the writer lowers it before it looks for work, then parks
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closing;

    GroupCommitWriter(int maxBatchRecords, Committer committer) {
        this.maxBatchRecords = maxBatchRecords;
        this.committer = committer;
        this.thread = new Thread(this::writeLoop, "cabinetgw-uplink-queue-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** True once the log is closing: nothing more is taken. */
    boolean closing() {
        return closing;
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** Hands a message over for the next group commit. */
    void handOver(Pending p) {
        pending.add(p);
        signal();
    }

    /** Wakes the writer: there is work. */
    void signal() {
        if (!signalled.getAndSet(true)) {
            LockSupport.unpark(thread);
        }
    }

    /** Lets the writer commit what is pending, then stop; waits for it at most {@code millis}. */
    void close(long millis) {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Takes one message still handed over (once the writer has stopped), or null. */
    Pending leftover() {
        return pending.poll();
    }

    private void writeLoop() {
        long ackDeadline = 0; // 0: no acknowledgement is waiting
        while (true) {
            // lowered before looking: work handed over from now on raises it again and unparks
            signalled.set(false);
            boolean closeNow = closing;
            int acksWaiting = committer.acksWaiting();
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
            for (Pending p; batch.size() < maxBatchRecords && (p = pending.poll()) != null; ) {
                batch.add(p);
            }
            List<Long> acks = committer.takeAcks();
            if (batch.isEmpty() && acks.isEmpty() && closeNow) {
                return;
            }
            committer.commit(batch, acks);
        }
    }
}
