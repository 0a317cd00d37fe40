package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.uplink.QueueReplicator;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.internal.aggregate.AggregateEncoder;
import org.cabinetgw.uplink.internal.aggregate.InstanceId;
import org.cabinetgw.uplink.internal.aggregate.OpenWindowStore;
import org.cabinetgw.uplink.internal.aggregate.SeriesStats;
import org.cabinetgw.uplink.internal.aggregate.TelemetryAggregator;
import org.cabinetgw.uplink.internal.aggregate.WindowSummary;
import org.cabinetgw.uplink.internal.queue.QueueListener;
import org.cabinetgw.uplink.internal.queue.QueueOptions;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.cabinetgw.uplink.internal.transport.Backoff;
import org.cabinetgw.uplink.internal.transport.DeliveryCallback;
import org.cabinetgw.uplink.internal.transport.RetryLog;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink without OSGi: the durable queue, the dispatcher that feeds the active transport, and the
 * switching between MQTT and HTTP. The DS component wraps it; tests and the benchmark use it directly.
 *
 * <p>Delivery: the dispatcher thread hands queued messages in sequence order to the active transport,
 * keeping at most its window unacknowledged. A message leaves the queue only when the transport reports
 * it delivered (PUBACK, HTTP 2xx). Any failure starts a new "generation": everything unacknowledged is
 * sent again from the oldest, so order per topic holds and nothing is skipped; duplicates carry the same
 * id. Late acknowledgements of an older generation still remove their messages.
 */
public final class UplinkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkEngine.class);
    private static final long TICK_MILLIS = 100;
    /**
     * Longest {@code Retry-After} honoured. Not {@code retry.max.seconds}: that bounds our own guess of when to
     * try again, while this is the server's word (a bound only against a broken or hostile header).
     */
    static final long RETRY_AFTER_MAX_MILLIS = 600_000;
    /** A transport that keeps failing is summarised in the log at most this often (see {@link RetryLog}). */
    static final long RETRY_SUMMARY_MILLIS = 60_000;
    /** Most metric names summarised per series and aggregate window (bounds memory; see SeriesStats). */
    static final int AGGREGATE_MAX_METRICS = 64;

    /** What the engine reports; called from its threads, must not block. */
    public interface Events {
        default void switched(TransportKind from, TransportKind to, String reason, long queued) {
        }

        default void evicted(Priority priority, int count) {
        }

        default void deadLettered(int count, int status, String reason) {
        }

        default void meteredChanged(boolean metered) {
        }

        default void storageFailed(String reason) {
        }

        /** {@code allowed} is empty when the restriction ended. */
        default void restrictionChanged(Set<Priority> allowed, String reason) {
        }

        default void storageRecovered() {
        }

        default void suspended(TransportKind kind, String reason) {
        }

        default void resumed(TransportKind kind) {
        }
    }

    private final UplinkSettings settings;
    private final Events events;
    private final SegmentedLog queue;
    private final DeadLetterStore deadLetters;
    private final Thread dispatcher;
    private final Random random = new Random();

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong switches = new AtomicLong();
    private final AtomicLong aggregatesQueued = new AtomicLong();
    private final AtomicBoolean closeCalled = new AtomicBoolean();

    // null when aggregates are off (metered.aggregate.seconds = 0)
    private final TelemetryAggregator aggregator;
    private final String instanceId;
    private final ScheduledExecutorService aggregateTimer;
    // metered, aggregates on and TELEMETRY held back: read on every publish, hence volatile and not under the lock
    private volatile boolean aggregating;

    // guarded by this
    private final Map<TransportKind, Transport> transports = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, String> suspended = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, Backoff> backoffs = new EnumMap<>(TransportKind.class);
    private final Map<TransportKind, Long> notBefore = new EnumMap<>(TransportKind.class);
    // per transport: its current streak of failed sends (no delivery since), for failover and the log
    private final Map<TransportKind, RetryLog> retryLogs = new EnumMap<>(TransportKind.class);
    // per transport: since when (wall clock) and why its sends fail, while they do; for health
    private final Map<TransportKind, Trouble> troubles = new EnumMap<>(TransportKind.class);
    // a batch transport's (HTTP's) retries and the halves of refused batches: sent before anything new
    private final PendingBatches pendingBatches = new PendingBatches();
    private final SwitchPolicy policy;
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

    /** Sends over a transport fail: since when (wall clock), and the last reason. */
    public record Trouble(Instant since, String reason) {
    }

    // whether an MQTT transport is configured although not (yet) added: a start then waits for it
    private volatile BooleanSupplier primaryExpected = () -> false;
    private volatile TransportKind active = TransportKind.NONE;
    private volatile Instant activeSince = Instant.now();

    public UplinkEngine(UplinkSettings settings, Events events) throws IOException {
        this.settings = settings;
        this.events = events;
        this.policy = new SwitchPolicy(settings.failoverMillis(), settings.holdMillis(), nowMillis());
        QueueOptions options = new QueueOptions(settings.directory().resolve("queue"), settings.maxQueueBytes(),
                settings.maxQueueMessages(), settings.segmentBytes(), 1000);
        this.queue = SegmentedLog.open(options, new QueueListener() {
            @Override
            public void committed() {
                wake();
            }

            @Override
            public void evicted(Priority priority, int count) {
                LOG.warn("Queue full: {} {} messages evicted to make room", count, priority);
                events.evicted(priority, count);
            }

            @Override
            public void storageFailed(String reason) {
                events.storageFailed(reason);
            }

            @Override
            public void storageRecovered() {
                events.storageRecovered();
            }
        });
        this.deadLetters = new DeadLetterStore(settings.directory().resolve("deadletter").resolve("deadletter.jsonl"),
                64L << 20);
        for (TransportKind kind : TransportKind.values()) {
            backoffs.put(kind, new Backoff(settings.retryInitialMillis(), settings.retryMaxMillis(), random));
            retryLogs.put(kind, new RetryLog("Uplink " + kind, RETRY_SUMMARY_MILLIS));
        }
        if (settings.aggregateMillis() > 0) {
            this.instanceId = InstanceId.loadOrCreate(settings.directory().resolve("aggregate").resolve("instance-id"));
            this.aggregator = new TelemetryAggregator(settings.aggregateMillis(), settings.aggregateMaxSeries(),
                    AGGREGATE_MAX_METRICS, System.currentTimeMillis());
            resumeOpenWindow();
            this.aggregateTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "cabinetgw-uplink-aggregate");
                t.setDaemon(true);
                return t;
            });
            // a window closes at most a tick late; ticks are cheap (one synchronized check)
            long tick = Math.max(50, Math.min(1000, settings.aggregateMillis() / 10));
            aggregateTimer.scheduleWithFixedDelay(this::emitAggregates, tick, tick, TimeUnit.MILLISECONDS);
        } else {
            this.instanceId = null;
            this.aggregator = null;
            this.aggregateTimer = null;
            // a window saved while aggregates were on is stale by the time they are switched on again
            Files.deleteIfExists(openWindowFile());
        }
        this.dispatcher = new Thread(this::dispatchLoop, "cabinetgw-uplink-dispatcher");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /** Damaged records skipped while opening the queue. */
    public int corruptRecords() {
        return queue.corruptRecords();
    }

    public int tornTailBytes() {
        return queue.tornTailBytes();
    }

    // ---------------------------------------------------------------- producers

    private volatile QueueReplicator replicator = ReplicatorGuard.NONE;

    /** Who is told what the queue gained and lost (the standby of a pair); null: nobody. */
    public void replicateTo(QueueReplicator r) {
        replicator = r == null ? ReplicatorGuard.NONE : new ReplicatorGuard(r);
    }

    /** Stores the message durably or refuses it; see {@link org.cabinetgw.telemetry.Uplink#publish}. */
    public void publish(Message message) throws UplinkRefusedException {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        byte[] payload = MessageEncoder.encode(message);
        if (payload.length > settings.maxMessageBytes()) {
            refused.incrementAndGet();
            throw new UplinkRefusedException(Reason.TOO_LARGE, "message " + message.id() + " is " + payload.length
                    + " bytes encoded; the limit is " + settings.maxMessageBytes());
        }
        try {
            queue.appendAndWait(new QueuedMessage(0, message.id(), message.priority(), message.topic(), payload),
                    settings.publishTimeoutMillis());
            accepted.incrementAndGet();
            replicator.accepted(message); // the pair's standby keeps a replica (bundles/ha); bounded, never throws
            if (aggregating && message.priority() == Priority.TELEMETRY) {
                // summarised only once it is durably accepted: an aggregate never counts a refused message
                aggregator.add(message, System.currentTimeMillis());
            }
        } catch (UplinkRefusedException e) {
            refused.incrementAndGet();
            throw e;
        }
    }

    // ---------------------------------------------------------------- transports and control

    public void addTransport(Transport transport) {
        synchronized (this) {
            transports.put(transport.kind(), transport);
            if (suspended.containsKey(transport.kind())) {
                transport.setSuspended(true);
            }
            transport.setStateListener(this::wake);
        }
        wake();
        LOG.info("Uplink transport {} added", transport.kind());
    }

    /**
     * Tells the engine whether an MQTT transport is configured, also before it is added (its component may
     * activate after the HTTP one). While it is expected and absent, a start waits for it up to
     * {@code failover.seconds} instead of beginning on the fallback.
     */
    public void setPrimaryExpected(BooleanSupplier expected) {
        this.primaryExpected = expected == null ? () -> false : expected;
        wake();
    }

    /** True while no transport is active yet because the configured MQTT transport has not been added. */
    public synchronized boolean waitingForPrimary() {
        return active == TransportKind.NONE && !transports.containsKey(TransportKind.MQTT) && primaryExpected();
    }

    private boolean primaryExpected() {
        try {
            return primaryExpected.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.debug("Uplink: cannot tell whether MQTT is configured: {}", e.toString());
            return false;
        }
    }

    public void removeTransport(Transport transport) {
        synchronized (this) {
            if (transports.get(transport.kind()) != transport) {
                return;
            }
            transports.remove(transport.kind());
            if (transport.kind() == active) {
                // what it had in flight is sent again by whoever is active next
                newGeneration();
                pendingBatches.clear();
            }
        }
        wake();
        LOG.info("Uplink transport {} removed", transport.kind());
    }

    public void suspend(TransportKind kind, String reason) {
        Transport t;
        synchronized (this) {
            if (suspended.containsKey(kind)) {
                return;
            }
            suspended.put(kind, reason == null || reason.isBlank() ? "suspended" : reason);
            t = transports.get(kind);
            if (kind == active) {
                newGeneration();
            }
        }
        wake();
        LOG.warn("Uplink transport {} suspended: {}", kind, reason);
        if (t != null) {
            t.setSuspended(true);
        }
        events.suspended(kind, reason);
    }

    public void resume(TransportKind kind) {
        Transport t;
        synchronized (this) {
            if (suspended.remove(kind) == null) {
                return;
            }
            t = transports.get(kind);
        }
        wake();
        LOG.info("Uplink transport {} resumed", kind);
        if (t != null) {
            t.setSuspended(false);
        }
        events.resumed(kind);
    }

    public synchronized boolean isSuspended(TransportKind kind) {
        return suspended.containsKey(kind);
    }

    /** Metered mode: only the configured priorities go out; the rest waits in the queue. */
    public void setMetered(boolean value) {
        synchronized (this) {
            if (metered == value) {
                return;
            }
            metered = value;
            aggregating = aggregator != null && value && !settings.meteredPriorities().contains(Priority.TELEMETRY);
            // what waited goes out now, in order: start again from the oldest not in flight
            cursor = 0;
        }
        wake();
        LOG.info("Uplink metered mode {}", value ? "on: only " + settings.meteredPriorities() + " go out" : "off");
        events.meteredChanged(value);
    }

    /**
     * Only {@code allowed} priorities go out until {@link #unrestrict}; the rest waits in the queue. Not
     * persisted on purpose: whoever restricts re-applies after a restart, so a stale restriction cannot
     * outlive the condition that caused it.
     */
    public void restrict(Set<Priority> allowed, String reason) {
        if (allowed == null || allowed.isEmpty()) {
            throw new IllegalArgumentException("restrict: allowed priorities must not be empty (got " + allowed
                    + "); use unrestrict() to end a restriction");
        }
        Set<Priority> copy = Collections.unmodifiableSet(EnumSet.copyOf(allowed));
        String why = reason == null || reason.isBlank() ? "restricted" : reason;
        synchronized (this) {
            if (restriction.equals(copy)) {
                return;
            }
            restriction = copy;
            // a wider set lets held-back messages out: start again from the oldest not in flight
            cursor = 0;
        }
        wake();
        LOG.warn("Uplink restricted to {}: {}; the rest waits in the queue", copy, why);
        events.restrictionChanged(copy, why);
    }

    /** Ends a restriction; what it held back goes out, oldest first. */
    public void unrestrict() {
        synchronized (this) {
            if (restriction.isEmpty()) {
                return;
            }
            restriction = Set.of();
            cursor = 0;
        }
        wake();
        LOG.info("Uplink restriction ended: every priority goes out again ({} messages queued)", queue.size());
        events.restrictionChanged(Set.of(), "restriction ended");
    }

    /** The priorities allowed out under the restriction; empty when none is in force. */
    public synchronized Set<Priority> restriction() {
        return restriction;
    }

    public synchronized boolean metered() {
        return metered;
    }

    public TransportKind activeTransport() {
        return active;
    }

    public UplinkSnapshot snapshot() {
        boolean m;
        synchronized (this) {
            m = metered;
        }
        return new UplinkSnapshot(active, activeSince, m, queue.size(), queue.bytes(), accepted.get(),
                delivered.get(), refused.get(), queue.evicted(), deadLettered.get(),
                queue.corruptRecords(), switches.get());
    }

    public boolean storageFailing() {
        return queue.storageFailing();
    }

    public synchronized String transportState(TransportKind kind) {
        Transport t = transports.get(kind);
        if (t == null) {
            return "not configured";
        }
        String s = suspended.get(kind);
        return s != null ? "suspended (" + s + ")" : t.describeState();
    }

    /** Since when and why sends over this transport fail, while they do (null when they do not). */
    public synchronized Trouble trouble(TransportKind kind) {
        return troubles.get(kind);
    }

    /** Milliseconds since the oldest unacknowledged message was handed to the active transport; 0 if none. */
    public synchronized long oldestInFlightMillis() {
        // checked on every dispatch: the first entry is the oldest (send order), no walk over the window
        Iterator<Long> sent = inFlight.values().iterator();
        return sent.hasNext() ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent.next()) : 0;
    }

    // ---------------------------------------------------------------- dispatcher

    /** Never blocks on the engine's lock: safe from any thread, also while the dispatcher is sending. */
    private void wake() {
        // only the call that raises the flag needs to notify; the dispatcher lowers it before it looks
        if (!wakeRequested.getAndSet(true)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    private void newGeneration() {
        generation++;
        inFlight.clear();
        cursor = 0;
        outstandingBatches = 0;
    }

    private static long nowMillis() {
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
                synchronized (this) {
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

    // holds this
    private void evaluateSwitch() {
        Transport mqtt = transports.get(TransportKind.MQTT);
        // Healthy needs more than the transport's word: a send that failed and has not been followed by a
        // delivery means MQTT cannot deliver now, even if it claims to be ready (Paho refuses publishes for a
        // while after losing its socket, before it reports the loss). The age of the oldest in-flight message
        // alone is not enough: every failure starts a new generation and empties the in-flight table.
        boolean mqttHealthy = mqtt != null && !suspended.containsKey(TransportKind.MQTT) && mqtt.ready()
                && !retryLogs.get(TransportKind.MQTT).failing()
                && (active != TransportKind.MQTT || oldestInFlightMillis() < settings.failoverMillis());
        boolean httpPresent = transports.containsKey(TransportKind.HTTP)
                && !suspended.containsKey(TransportKind.HTTP);
        boolean expected = mqtt == null && active == TransportKind.NONE && primaryExpected();
        SwitchPolicy.Switch s = policy.evaluate(nowMillis(), mqtt != null, expected, mqttHealthy, httpPresent);
        if (s != null) {
            active = s.to();
            activeSince = Instant.now();
            switches.incrementAndGet();
            newGeneration();
            pendingBatches.clear();
            troubles.remove(s.from());
            // the transport left behind gets no traffic: its streak ends here, from now on its health is its
            // own readiness (and a fresh streak once it is active again)
            String closed = retryLogs.get(s.from()).abandoned(nowMillis(), "stopped retrying (no longer the active transport)");
            if (closed != null) {
                LOG.info(closed);
            }
            notBefore.remove(s.from());
            backoffs.get(s.from()).reset();
            LOG.warn("Uplink switched from {} to {}: {} ({} messages queued)", s.from(), s.to(), s.reason(),
                    queue.size());
            events.switched(s.from(), s.to(), s.reason(), queue.size());
        }
    }

    // holds this
    private void dispatch() throws IOException {
        Transport t = transports.get(active);
        if (t == null || suspended.containsKey(active) || !t.ready()) {
            return;
        }
        Long wait = notBefore.get(active);
        if (wait != null && nowMillis() < wait) {
            if (!t.peerReturned()) {
                return;
            }
            // the peer listens again (a cheap probe said so): try now rather than at the end of the back-off
            notBefore.remove(active);
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

    // holds this: a retry (the same request again) or half of a refused batch, before anything new
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
        synchronized (this) {
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
                backoffs.get(kind).reset();
                notBefore.remove(kind);
                troubles.remove(kind);
                String line = retryLogs.get(kind).succeeded(nowMillis(), "delivering");
                if (line != null) {
                    LOG.info(line);
                }
            }
        }
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
            delivered.addAndGet(messages.size());
            replicator.acknowledged(messages.stream().map(QueuedMessage::id).toList());
            deliveries.add(new Delivery(this, seqs));
            wake();
        }

        @Override
        public void failed(List<QueuedMessage> messages, String reason, Duration retryAfter) {
            synchronized (UplinkEngine.this) {
                if (gen != generation) {
                    return;
                }
                long delay = backoffs.get(kind).nextDelayMillis();
                if (retryAfter != null) {
                    delay = Math.max(delay, Math.min(retryAfter.toMillis(), RETRY_AFTER_MAX_MILLIS));
                }
                long now = nowMillis();
                notBefore.put(kind, now + delay);
                newGeneration();
                if (batched) {
                    pendingBatches.failed(messages);
                }
                Trouble before = troubles.get(kind);
                troubles.put(kind, new Trouble(before == null ? Instant.now() : before.since(), reason));
                // one line when the trouble starts, then a summary per interval: not one line per retry
                String line = retryLogs.get(kind).failed(now, messages.size() + " messages not delivered (" + reason
                        + ")", "sending again in " + delay + " ms; " + queue.size() + " queued");
                if (line != null) {
                    LOG.warn(line);
                }
            }
            wake();
        }

        @Override
        public void rejected(List<QueuedMessage> messages, int status, String reason) {
            List<QueuedMessage> dead;
            synchronized (UplinkEngine.this) {
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
                synchronized (UplinkEngine.this) {
                    seqs.forEach(inFlight::remove);
                }
                failed(messages, "cannot write the dead-letter store: " + e.getMessage(), null);
                return;
            }
            LOG.error("Uplink {}: {} messages refused for good (status {}: {}); kept in {}", kind, messages.size(),
                    status, reason, deadLetters.file());
            // count and report first: whoever sees the queue drained must also see them
            deadLettered.addAndGet(messages.size());
            events.deadLettered(messages.size(), status, reason);
            queue.acknowledge(seqs);
            synchronized (UplinkEngine.this) {
                seqs.forEach(inFlight::remove);
            }
        }
    }

    /** Waits until the queue is empty (for tests and an orderly shutdown); false on timeout. */
    public boolean awaitDrained(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!queue.isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    public int queued() {
        return queue.size();
    }

    /** Aggregates durably enqueued since start. */
    public long aggregatesQueued() {
        return aggregatesQueued.get();
    }

    // ---------------------------------------------------------------- aggregates

    private Path openWindowFile() {
        return settings.directory().resolve("aggregate").resolve("open-window.json");
    }

    /** Takes over the window an orderly stop saved (see {@link OpenWindowStore}). */
    private void resumeOpenWindow() {
        try {
            WindowSummary saved = OpenWindowStore.take(openWindowFile(), settings.aggregateMaxSeries(),
                    AGGREGATE_MAX_METRICS);
            if (saved != null && !aggregator.resume(saved, System.currentTimeMillis())) {
                LOG.warn("Uplink aggregates: the window saved at the last stop ({}, {} s) does not fit the clock or "
                        + "metered.aggregate.seconds now; its summary is not sent (the raw telemetry is queued)",
                        Instant.ofEpochMilli(saved.startMillis()), (saved.endMillis() - saved.startMillis()) / 1000);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Uplink aggregates: the window saved at the last stop is not used: {}", e.getMessage());
        }
    }

    /** At an orderly stop: the open window is kept for the next start, so its summary is not cut short. */
    private void saveOpenWindow() {
        WindowSummary open = aggregator.openWindow();
        if (open == null) {
            return;
        }
        try {
            OpenWindowStore.save(openWindowFile(), open);
        } catch (IOException e) {
            LOG.warn("Uplink aggregates: cannot save the open window to {}: {}; after the restart its summary covers "
                    + "only the time since", openWindowFile(), e.getMessage());
        }
    }

    /** On the aggregate timer: every finished window becomes one aggregate per series, durably enqueued. */
    private void emitAggregates() {
        try {
            for (WindowSummary w : aggregator.collect(System.currentTimeMillis())) {
                enqueue(w);
            }
        } catch (RuntimeException e) {
            // the timer must survive whatever one window does
            LOG.error("Uplink aggregates: {}", e.toString(), e);
        }
    }

    private void enqueue(WindowSummary w) {
        List<CompletableFuture<QueuedMessage>> pending = new ArrayList<>(w.series().size());
        int tooLarge = 0;
        for (SeriesStats s : w.series()) {
            QueuedMessage m = AggregateEncoder.encode(instanceId, w, s, settings.aggregateMillis());
            if (m.payload().length > settings.maxMessageBytes()) {
                tooLarge++;
                LOG.warn("Uplink aggregate of {} {} for window {} is {} bytes, more than message.max.kilobytes allows;"
                        + " not sent (its telemetry still waits in the queue)", s.source(), s.topic(),
                        Instant.ofEpochMilli(w.startMillis()), m.payload().length);
                continue;
            }
            pending.add(queue.append(m));
        }
        int queuedNow = 0;
        String failure = null;
        for (CompletableFuture<QueuedMessage> f : pending) {
            try {
                f.get(settings.publishTimeoutMillis(), TimeUnit.MILLISECONDS);
                queuedNow++;
            } catch (ExecutionException e) {
                failure = String.valueOf(e.getCause().getMessage());
            } catch (TimeoutException e) {
                failure = "the store did not confirm within " + settings.publishTimeoutMillis() + " ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        aggregatesQueued.addAndGet(queuedNow);
        if (failure != null) {
            LOG.warn("Uplink aggregates for window {}: {} of {} not queued ({})", Instant.ofEpochMilli(w.startMillis()),
                    pending.size() - queuedNow, pending.size(), failure);
        }
        if (w.droppedMessages() > 0) {
            LOG.warn("Uplink aggregates for window {}: {} telemetry messages of series beyond the limit of {} "
                    + "(metered.aggregate.max.series) not summarised; their raw messages still wait in the queue",
                    Instant.ofEpochMilli(w.startMillis()), w.droppedMessages(), settings.aggregateMaxSeries());
        }
        LOG.debug("Uplink aggregates for window {}: {} series queued, {} too large", Instant.ofEpochMilli(w.startMillis()),
                queuedNow, tooLarge);
    }

    @Override
    public void close() {
        if (!closeCalled.compareAndSet(false, true)) {
            return; // a second close must not save the open window again over what a successor took
        }
        if (aggregateTimer != null) {
            aggregateTimer.shutdown();
            try {
                aggregateTimer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // a window that ended before the stop is still summarised; the open one is kept for the next start
            emitAggregates();
            saveOpenWindow();
        }
        synchronized (this) {
            closed = true;
        }
        wake();
        try {
            dispatcher.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // acknowledgements that came after the dispatcher's last round: into the queue's last write, so an
        // orderly stop sends none of them again
        applyDeliveries();
        queue.close();
    }
}
