package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher thread ({@code cabinetgw-uplink-dispatcher}) and its in-flight window: hands queued messages in
 * sequence order to the active transport, keeping at most its window unacknowledged, and applies the transports'
 * answers. A message leaves the queue only when the transport reports it delivered (PUBACK, HTTP 2xx). Any
 * failure starts a new "generation": everything unacknowledged is sent again from the oldest, so order per topic
 * holds and nothing is skipped; duplicates carry the same id. Late acknowledgements of an older generation still
 * remove their messages.
 *
 * <p>Its state is guarded by the engine's lock ({@code lock}), which the engine's own methods hold too.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final long TICK_MILLIS = 100;

    private final Object lock;
    private final UplinkSettings settings;
    private final SegmentedLog queue;
    private final TransportSwitching transports;
    private final DeadLetterStore deadLetters;
    private final UplinkCounters counters;
    private final UplinkEngine.Events events;
    private final Thread thread;

    // guarded by lock
    // a batch transport's (HTTP's) retries and the halves of refused batches: sent before anything new
    private final PendingBatches pendingBatches = new PendingBatches();
    // sequence -> when it was handed to the transport; insertion order is send order, so the first is the oldest
    private final Map<Long, Long> inFlight = new LinkedHashMap<>();
    private long generation;
    private long cursor;
    private int outstandingBatches;
    private boolean metered;
    // empty: no restriction; else only these priorities go out (set from outside, see restrict)
    private Set<Priority> restriction = Set.of();
    private boolean closed;

    // The dispatcher's wake-up call, apart from the engine's lock: the queue writer (after each group commit),
    // the transports' callback threads (after each acknowledgement) and the transports' state changes wake it
    // without ever waiting for the lock, which the dispatcher holds while it hands a batch to a transport.
    private final Object signal = new Object();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    // acknowledgements not yet applied: the transports' threads add, the dispatcher applies them in bulk
    private final ConcurrentLinkedQueue<Delivery> deliveries = new ConcurrentLinkedQueue<>();

    private record Delivery(Callback batch, List<Long> seqs) {
    }

    /** Told every acknowledged id (the standby of a pair); see UplinkEngine#replicateTo. */
    private volatile org.cabinetgw.uplink.QueueReplicator replicator = ReplicatorGuard.NONE;

    void replicateTo(org.cabinetgw.uplink.QueueReplicator r) {
        replicator = r;
    }

    /** The pair's fence (bundles/ha ActingPermit): nothing is handed to a transport while it says no. */
    private volatile java.util.function.BooleanSupplier mayAct = () -> true;

    void fence(java.util.function.BooleanSupplier permit) {
        mayAct = permit;
    }

    Dispatcher(Object lock, UplinkSettings settings, SegmentedLog queue, TransportSwitching transports,
            DeadLetterStore deadLetters, UplinkCounters counters, UplinkEngine.Events events) {
        this.lock = lock;
        this.settings = settings;
        this.queue = queue;
        this.transports = transports;
        this.deadLetters = deadLetters;
        this.counters = counters;
        this.events = events;
        this.thread = new Thread(this::dispatchLoop, "cabinetgw-uplink-dispatcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Never blocks on the engine's lock: safe from any thread, also while the dispatcher is sending. */
    void wake() {
        // only the call that raises the flag needs to notify; the dispatcher lowers it before it looks
        if (!wakeRequested.getAndSet(true)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    // ---------------------------------------------------------------- the window (callers hold the lock)

    /** Everything unacknowledged is sent again, from the oldest; answers of the old generation no longer count. */
    void newGeneration() {
        generation++;
        inFlight.clear();
        cursor = 0;
        outstandingBatches = 0;
    }

    /** The active transport went away: a new generation, and no batch is retried as it was. */
    void abandon() {
        newGeneration();
        pendingBatches.clear();
    }

    boolean metered() {
        return metered;
    }

    /** Sets metered mode; what waited goes out in order: start again from the oldest not in flight. */
    boolean setMetered(boolean value) {
        if (metered == value) {
            return false;
        }
        metered = value;
        cursor = 0;
        return true;
    }

    Set<Priority> restriction() {
        return restriction;
    }

    /** Sets the priorities allowed out (empty: all); a change starts again from the oldest not in flight. */
    boolean setRestriction(Set<Priority> allowed) {
        if (restriction.equals(allowed)) {
            return false;
        }
        restriction = allowed;
        cursor = 0;
        return true;
    }

    /** Milliseconds since the oldest unacknowledged message was handed to the active transport; 0 if none. */
    long oldestInFlightMillis() {
        // checked on every dispatch: the first entry is the oldest (send order), no walk over the window
        Iterator<Long> sent = inFlight.values().iterator();
        return sent.hasNext() ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent.next()) : 0;
    }

    // ---------------------------------------------------------------- the thread

    static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    private void dispatchLoop() {
        while (true) {
            try {
                synchronized (signal) {
                    if (!wakeRequested.get()) {
                        signal.wait(TICK_MILLIS);
                    }
                }
                // lowered before looking, so a wake-up from now on is seen on the next round
                wakeRequested.set(false);
                applyDeliveries();
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    evaluateSwitch();
                    dispatch();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                LOG.error("Uplink dispatcher: {}", e.toString(), e);
                try {
                    Thread.sleep(TICK_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    // holds lock
    private void evaluateSwitch() {
        SwitchPolicy.Switch s = transports.evaluate(nowMillis(), oldestInFlightMillis());
        if (s != null) {
            counters.switches.incrementAndGet();
            newGeneration();
            pendingBatches.clear();
            LOG.warn("Uplink switched from {} to {}: {} ({} messages queued)", s.from(), s.to(), s.reason(),
                    queue.size());
            events.switched(s.from(), s.to(), s.reason(), queue.size());
        }
    }

    // holds lock
    private void dispatch() throws IOException {
        if (!mayAct.getAsBoolean()) {
            return; // this node may have been deposed (a stall): it waits, queued, until the pair has decided
        }
        Transport t = transports.sendable(nowMillis());
        if (t == null) {
            return;
        }
        if (t.maxOutstandingBatches() == 1 && !pendingBatches.isEmpty()) {
            sendPending(t);
            return;
        }
        while (inFlight.size() < t.window() && outstandingBatches < t.maxOutstandingBatches()) {
            int room = Math.min(t.maxBatch(), t.window() - inFlight.size());
            boolean meteredNow = metered;
            Set<Priority> restrictedTo = restriction;
            // aggregates are what may go out on a metered link in place of the telemetry held back
            List<QueuedMessage> batch = queue.peek(cursor, room, (seq, priority, aggregate) -> !inFlight.containsKey(seq)
                    && (!meteredNow || aggregate || settings.meteredPriorities().contains(priority))
                    && (restrictedTo.isEmpty() || restrictedTo.contains(priority)));
            if (batch.isEmpty()) {
                return;
            }
            long sentAt = System.nanoTime();
            for (QueuedMessage m : batch) {
                inFlight.put(m.seq(), sentAt);
            }
            cursor = batch.get(batch.size() - 1).seq();
            outstandingBatches++;
            long sentIn = generation;
            t.send(batch, new Callback(sentIn, t, batch));
            if (generation != sentIn) {
                // the transport failed at once (not connected after all): back off, do not spin
                return;
            }
        }
    }

    // holds lock: a retry (the same request again) or half of a refused batch, before anything new
    private void sendPending(Transport t) {
        if (outstandingBatches > 0) {
            return;
        }
        boolean meteredNow = metered;
        Set<Priority> restrictedTo = restriction;
        List<QueuedMessage> batch = pendingBatches.next(m -> queue.contains(m.seq())
                && (!meteredNow || m.aggregate() || settings.meteredPriorities().contains(m.priority()))
                && (restrictedTo.isEmpty() || restrictedTo.contains(m.priority())));
        if (batch == null) {
            return;
        }
        long sentAt = System.nanoTime();
        for (QueuedMessage m : batch) {
            inFlight.put(m.seq(), sentAt);
        }
        outstandingBatches++;
        t.send(batch, new Callback(generation, t, batch));
    }

    /**
     * Applies the acknowledgements the transports reported since the last round: one queue acknowledgement
     * (one ACK record) for all of them, then the in-flight table and the transports' retry state.
     */
    private void applyDeliveries() {
        List<Delivery> batch = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (Delivery d; (d = deliveries.poll()) != null; ) {
            batch.add(d);
            seqs.addAll(d.seqs());
        }
        if (batch.isEmpty()) {
            return;
        }
        // the queue first: once out of the in-flight table a message could otherwise be picked again
        queue.acknowledge(seqs);
        synchronized (lock) {
            EnumSet<TransportKind> succeeded = EnumSet.noneOf(TransportKind.class);
            for (Delivery d : batch) {
                if (d.batch().gen == generation) {
                    d.seqs().forEach(inFlight::remove);
                    d.batch().batchAnswered();
                    succeeded.add(d.batch().kind);
                    if (d.batch().batched) {
                        pendingBatches.delivered(d.seqs());
                    }
                }
            }
            // only a delivery of the current generation clears a back-off: a late one from before a failure
            // says nothing of the transport now
            for (TransportKind kind : succeeded) {
                transports.delivered(kind, nowMillis());
            }
        }
    }

    /**
     * Stops the thread (after its current round) and applies the acknowledgements that came after its last
     * round: into the queue's last write, so an orderly stop sends none of them again.
     */
    void close() {
        synchronized (lock) {
            closed = true;
        }
        wake();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        applyDeliveries();
    }

    /** Ties a transport's answer to the generation it was sent in. */
    private final class Callback implements DeliveryCallback {
        private final long gen;
        private final TransportKind kind;
        // a transport that answers per batch (HTTP): its batches are retried as they were (PendingBatches)
        private final boolean batched;
        private boolean answered;

        Callback(long gen, Transport transport, List<QueuedMessage> batch) {
            this.gen = gen;
            this.kind = transport.kind();
            this.batched = transport.maxOutstandingBatches() == 1 && !batch.isEmpty();
        }

        // holds the engine's lock; MQTT answers per message, so only the first answer counts
        private void batchAnswered() {
            if (!answered) {
                answered = true;
                outstandingBatches = Math.max(0, outstandingBatches - 1);
            }
        }

        // Called once per message by MQTT (per PUBACK, on Paho's callback thread): only recorded here and
        // applied by the dispatcher in bulk, so a PUBACK never waits for the engine's lock.
        @Override
        public void delivered(List<QueuedMessage> messages) {
            List<Long> seqs = PendingBatches.seqsOf(messages);
            // count first: whoever sees the queue drained must also see the count
            counters.delivered.addAndGet(messages.size());
            replicator.acknowledged(messages.stream().map(QueuedMessage::id).toList());
            deliveries.add(new Delivery(this, seqs));
            wake();
        }

        @Override
        public void failed(List<QueuedMessage> messages, String reason, Duration retryAfter) {
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                transports.failed(kind, messages.size(), reason, retryAfter, queue.size(), nowMillis());
                newGeneration();
                if (batched) {
                    pendingBatches.failed(messages);
                }
            }
            wake();
        }

        @Override
        public void rejected(List<QueuedMessage> messages, int status, String reason) {
            List<QueuedMessage> dead;
            synchronized (lock) {
                if (gen != generation) {
                    return;
                }
                // which of them the endpoint refuses: the batch is taken apart (see PendingBatches); what goes
                // to the dead-letter store stays in flight until it is there, so nothing sends it meanwhile
                dead = batched ? pendingBatches.refused(messages) : messages;
                List<Long> retried = PendingBatches.seqsOf(messages);
                retried.removeAll(PendingBatches.seqsOf(dead));
                retried.forEach(inFlight::remove);
                batchAnswered();
            }
            if (dead.isEmpty()) {
                LOG.info("Uplink {}: a request of {} messages was refused (status {}: {}); {}", kind, messages.size(),
                        status, reason, messages.size() > 1 ? "sending it again in halves to find the refused messages"
                                : "sending it alone once more before it is dead-lettered");
            }
            if (!dead.isEmpty()) {
                deadLetter(dead, status, reason);
            }
            wake();
        }

        private void deadLetter(List<QueuedMessage> messages, int status, String reason) {
            List<Long> seqs = PendingBatches.seqsOf(messages);
            try {
                deadLetters.store(messages, status, reason);
            } catch (IOException e) {
                synchronized (lock) {
                    seqs.forEach(inFlight::remove);
                }
                failed(messages, "cannot write the dead-letter store: " + e.getMessage(), null);
                return;
            }
            LOG.error("Uplink {}: {} messages refused for good (status {}: {}); kept in {}", kind, messages.size(),
                    status, reason, deadLetters.file());
            // count and report first: whoever sees the queue drained must also see them
            counters.deadLettered.addAndGet(messages.size());
            events.deadLettered(messages.size(), status, reason);
            queue.acknowledge(seqs);
            synchronized (lock) {
                seqs.forEach(inFlight::remove);
            }
        }
    }
}
