package org.cabinetgw.uplink.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;

/**
 * The batches a batch transport (HTTP) must send before it takes anything new from the queue, and how a
 * refused batch is taken apart. Pure logic; the engine owns it and calls it under its lock.
 *
 * <p><b>A retry is the same request.</b> A batch that failed (timeout, 5xx, 429) stays at the front and is
 * sent again as it was: the same messages, so the same {@code Idempotency-Key}. Messages queued meanwhile
 * go in the next request. (A retry only differs when some of its messages left the queue meanwhile —
 * acknowledged late by the other transport, evicted — or may not go out now: a restriction or metered mode
 * came into force; then it is a different request with a different key.)
 *
 * <p><b>A refused batch is bisected.</b> A refusal (HTTP 4xx about the content) says the request was
 * refused, not which message. Throwing the whole batch away costs the backlog for one bad message, and a
 * proxy's or validator's transient 400 would cost everything. So a refused batch is split into halves sent
 * one after the other, each half that is refused again is split again, and a message is dead-lettered only
 * when it was refused twice, the second time alone: a batch of n messages with one bad message costs about
 * 2·log2(n) requests, a transient refusal of the whole batch costs two, and a single message is sent alone
 * once more before it is given up.
 */
final class PendingBatches {

    private final Deque<List<QueuedMessage>> batches = new ArrayDeque<>();
    // messages that were in a refused request and have not been delivered since
    private final Set<Long> refusedBefore = new HashSet<>();

    boolean isEmpty() {
        return batches.isEmpty();
    }

    /**
     * The batch to send next, or null: the front one without the messages {@code stillWanted} rejects (it
     * is kept in that form, so its next retry is this request again).
     */
    List<QueuedMessage> next(Predicate<QueuedMessage> stillWanted) {
        while (!batches.isEmpty()) {
            List<QueuedMessage> front = batches.peekFirst();
            List<QueuedMessage> kept = new ArrayList<>(front.size());
            for (QueuedMessage m : front) {
                if (stillWanted.test(m)) {
                    kept.add(m);
                }
            }
            if (kept.size() == front.size()) {
                return front;
            }
            batches.pollFirst();
            if (!kept.isEmpty()) {
                batches.addFirst(List.copyOf(kept));
                return batches.peekFirst();
            }
        }
        return null;
    }

    /** Not delivered this time: it goes out again, as it was, before anything else. */
    void failed(List<QueuedMessage> batch) {
        if (!isFront(batch)) {
            batches.addFirst(List.copyOf(batch));
        }
    }

    /** Acknowledged: done with it. */
    void delivered(List<Long> seqs) {
        if (!batches.isEmpty() && seqsOf(batches.peekFirst()).equals(seqs)) {
            batches.pollFirst();
        }
        seqs.forEach(refusedBefore::remove);
    }

    /**
     * Refused: returns the messages to dead-letter now (a message refused the second time, alone), and
     * puts what is to be tried again (the halves, or the single message once more) at the front.
     */
    List<QueuedMessage> refused(List<QueuedMessage> batch) {
        if (isFront(batch)) {
            batches.pollFirst();
        }
        if (batch.size() == 1) {
            QueuedMessage m = batch.get(0);
            if (refusedBefore.remove(m.seq())) {
                return List.of(m);
            }
            refusedBefore.add(m.seq());
            batches.addFirst(List.of(m));
            return List.of();
        }
        for (QueuedMessage m : batch) {
            refusedBefore.add(m.seq());
        }
        int half = batch.size() / 2;
        batches.addFirst(List.copyOf(batch.subList(half, batch.size())));
        batches.addFirst(List.copyOf(batch.subList(0, half)));
        return List.of();
    }

    /** Another transport takes over: it sends everything from the oldest anyway. */
    void clear() {
        batches.clear();
        refusedBefore.clear();
    }

    private boolean isFront(List<QueuedMessage> batch) {
        return !batches.isEmpty() && seqsOf(batches.peekFirst()).equals(seqsOf(batch));
    }

    static List<Long> seqsOf(List<QueuedMessage> messages) {
        List<Long> seqs = new ArrayList<>(messages.size());
        for (QueuedMessage m : messages) {
            seqs.add(m.seq());
        }
        return seqs;
    }
}
