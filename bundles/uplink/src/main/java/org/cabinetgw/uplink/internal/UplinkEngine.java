package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.cabinetgw.telemetry.UplinkRefusedException.Reason;
import org.cabinetgw.uplink.QueueReplicator;
import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.internal.queue.QueueListener;
import org.cabinetgw.uplink.internal.queue.QueueOptions;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.cabinetgw.uplink.internal.transport.RetryLog;
import org.cabinetgw.uplink.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink without OSGi: the durable queue, the dispatcher that feeds the active transport, and the
 * switching between MQTT and HTTP. The DS component wraps it; tests and the benchmark use it directly.
 *
 * <p>Its parts: {@link SegmentedLog} (the queue), {@link Dispatcher} (dispatch and the in-flight window, see
 * there for the delivery rules), {@link TransportSwitching} (the transports, which one is active, back-off),
 * {@link MeteredAggregates} and {@link UplinkCounters}. This class takes messages in and the commands from
 * outside; one lock (this) guards the dispatcher's window, the transports and the filters.
 */
public final class UplinkEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkEngine.class);
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
    private final UplinkCounters counters = new UplinkCounters();
    private final AtomicBoolean closeCalled = new AtomicBoolean();
    // null when aggregates are off (metered.aggregate.seconds = 0)
    private final MeteredAggregates aggregates;
    // metered, aggregates on and TELEMETRY held back: read on every publish, hence volatile and not under the lock
    private volatile boolean aggregating;
    // guarded by this
    private final TransportSwitching transports;
    private final Dispatcher dispatcher;

    /** Sends over a transport fail: since when (wall clock), and the last reason. */
    public record Trouble(Instant since, String reason) {
    }

    public UplinkEngine(UplinkSettings settings, Events events) throws IOException {
        this.settings = settings;
        this.events = events;
        this.transports = new TransportSwitching(settings, Dispatcher.nowMillis());
        QueueOptions options = new QueueOptions(settings.directory().resolve("queue"), settings.maxQueueBytes(),
                settings.maxQueueMessages(), settings.segmentBytes(), 1000);
        this.queue = SegmentedLog.open(options, new QueueListener() {
            @Override
            public void committed() {
                dispatcher.wake();
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
        DeadLetterStore deadLetters = new DeadLetterStore(
                settings.directory().resolve("deadletter").resolve("deadletter.jsonl"), 64L << 20);
        this.dispatcher = new Dispatcher(this, settings, queue, transports, deadLetters, counters, events);
        this.aggregates = MeteredAggregates.start(settings, queue);
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

    /**
     * The pair's fence (bundles/ha {@code ActingPermit}): while it says no, nothing is handed to a transport (the
     * messages wait in the queue). Without a pair it always says yes.
     */
    public void fence(java.util.function.BooleanSupplier permit) {
        dispatcher.fence(permit);
    }

    /** Who is told what the queue gained and lost (the standby of a pair); null: nobody. */
    public void replicateTo(QueueReplicator r) {
        replicator = r == null ? ReplicatorGuard.NONE : new ReplicatorGuard(r);
        dispatcher.replicateTo(replicator);
        if (r != null) {
            r.attached(new QueueSnapshot(queue)); // a returning standby catches up from this queue
        }
    }

    /** Stores the message durably or refuses it; see {@link org.cabinetgw.telemetry.Uplink#publish}. */
    public void publish(Message message) throws UplinkRefusedException {
        if (message == null) {
            throw new IllegalArgumentException("message must not be null");
        }
        byte[] payload = MessageEncoder.encode(message);
        if (payload.length > settings.maxMessageBytes()) {
            counters.refused.incrementAndGet();
            throw new UplinkRefusedException(Reason.TOO_LARGE, "message " + message.id() + " is " + payload.length
                    + " bytes encoded; the limit is " + settings.maxMessageBytes());
        }
        try {
            CompletableFuture<QueuedMessage> stored = queue.append(
                    new QueuedMessage(0, message.id(), message.priority(), message.topic(), payload));
            // the pair's standby keeps a replica (bundles/ha): sent now, so its round trip overlaps our group commit
            QueueReplicator.Replication replicated = stored.isDone() ? null : replicator.replicating(message);
            try {
                SegmentedLog.awaitStored(stored, settings.publishTimeoutMillis());
            } catch (UplinkRefusedException e) {
                if (replicated != null) {
                    replicator.acknowledged(List.of(message.id())); // refused here: the replica must not keep it
                }
                throw e;
            }
            counters.accepted.incrementAndGet();
            if (replicated != null) {
                replicated.await(); // publish returns once the standby holds it too; bounded, never throws
            } else {
                replicator.accepted(message);
            }
            if (aggregating && message.priority() == Priority.TELEMETRY) {
                // summarised only once it is durably accepted: an aggregate never counts a refused message
                aggregates.add(message, System.currentTimeMillis());
            }
        } catch (UplinkRefusedException e) {
            counters.refused.incrementAndGet();
            throw e;
        }
    }

    // ---------------------------------------------------------------- transports and control

    public void addTransport(Transport transport) {
        synchronized (this) {
            transports.put(transport);
            transport.setStateListener(dispatcher::wake);
        }
        dispatcher.wake();
        LOG.info("Uplink transport {} added", transport.kind());
    }

    /**
     * Tells the engine whether an MQTT transport is configured, also before it is added (its component may
     * activate after the HTTP one). While it is expected and absent, a start waits for it up to
     * {@code failover.seconds} instead of beginning on the fallback.
     */
    public void setPrimaryExpected(BooleanSupplier expected) {
        transports.setPrimaryExpected(expected);
        dispatcher.wake();
    }

    /** True while no transport is active yet because the configured MQTT transport has not been added. */
    public synchronized boolean waitingForPrimary() {
        return transports.waitingForPrimary();
    }

    public void removeTransport(Transport transport) {
        synchronized (this) {
            if (!transports.remove(transport)) {
                return;
            }
            if (transport.kind() == transports.active()) {
                // what it had in flight is sent again by whoever is active next
                dispatcher.abandon();
            }
        }
        dispatcher.wake();
        LOG.info("Uplink transport {} removed", transport.kind());
    }

    public void suspend(TransportKind kind, String reason) {
        Transport t;
        synchronized (this) {
            if (!transports.suspend(kind, reason)) {
                return;
            }
            t = transports.get(kind);
            if (kind == transports.active()) {
                dispatcher.newGeneration();
            }
        }
        dispatcher.wake();
        LOG.warn("Uplink transport {} suspended: {}", kind, reason);
        if (t != null) {
            t.setSuspended(true);
        }
        events.suspended(kind, reason);
    }

    public void resume(TransportKind kind) {
        Transport t;
        synchronized (this) {
            if (!transports.resume(kind)) {
                return;
            }
            t = transports.get(kind);
        }
        dispatcher.wake();
        LOG.info("Uplink transport {} resumed", kind);
        if (t != null) {
            t.setSuspended(false);
        }
        events.resumed(kind);
    }

    public synchronized boolean isSuspended(TransportKind kind) {
        return transports.isSuspended(kind);
    }

    /** Metered mode: only the configured priorities go out; the rest waits in the queue. */
    public void setMetered(boolean value) {
        synchronized (this) {
            if (!dispatcher.setMetered(value)) {
                return;
            }
            aggregating = aggregates != null && value && !settings.meteredPriorities().contains(Priority.TELEMETRY);
        }
        dispatcher.wake();
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
            // a wider set lets held-back messages out: start again from the oldest not in flight
            if (!dispatcher.setRestriction(copy)) {
                return;
            }
        }
        dispatcher.wake();
        LOG.warn("Uplink restricted to {}: {}; the rest waits in the queue", copy, why);
        events.restrictionChanged(copy, why);
    }

    /** Ends a restriction; what it held back goes out, oldest first. */
    public void unrestrict() {
        synchronized (this) {
            if (!dispatcher.setRestriction(Set.of())) {
                return;
            }
        }
        dispatcher.wake();
        LOG.info("Uplink restriction ended: every priority goes out again ({} messages queued)", queue.size());
        events.restrictionChanged(Set.of(), "restriction ended");
    }

    /** The priorities allowed out under the restriction; empty when none is in force. */
    public synchronized Set<Priority> restriction() {
        return dispatcher.restriction();
    }

    public synchronized boolean metered() {
        return dispatcher.metered();
    }

    public TransportKind activeTransport() {
        return transports.active();
    }

    public UplinkSnapshot snapshot() {
        boolean m;
        synchronized (this) {
            m = dispatcher.metered();
        }
        return counters.snapshot(transports.active(), transports.activeSince(), m, queue);
    }

    public boolean storageFailing() {
        return queue.storageFailing();
    }

    public synchronized String transportState(TransportKind kind) {
        return transports.state(kind);
    }

    /** Since when and why sends over this transport fail, while they do (null when they do not). */
    public synchronized Trouble trouble(TransportKind kind) {
        return transports.trouble(kind);
    }

    /** Milliseconds since the oldest unacknowledged message was handed to the active transport; 0 if none. */
    public synchronized long oldestInFlightMillis() {
        return dispatcher.oldestInFlightMillis();
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
        return aggregates == null ? 0 : aggregates.queued();
    }

    @Override
    public void close() {
        if (!closeCalled.compareAndSet(false, true)) {
            return; // a second close must not save the open window again over what a successor took
        }
        if (aggregates != null) {
            // a window that ended before the stop is still summarised; the open one is kept for the next start
            aggregates.close();
        }
        // acknowledgements that came after the dispatcher's last round go into the queue's last write
        dispatcher.close();
        queue.close();
    }
}
