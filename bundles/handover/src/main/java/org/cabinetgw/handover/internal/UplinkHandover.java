package org.cabinetgw.handover.internal;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Supplier;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.telemetry.UplinkRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a producer sends to the cloud, handed to the uplink, or held while no uplink takes it. The uplink is a
 * bundle the cloud updates like any other: while it is replaced (a fraction of a second), stopped or not started
 * yet, there is no {@link Uplink} service, or the one still bound refuses as {@code UNAVAILABLE}. What is
 * published then is held in memory, in order, and handed over, oldest first, as soon as an uplink takes messages
 * again: on the next publish, and by a short-lived thread started when an uplink is bound
 * ({@link #uplinkBound()}), which retries every {@value #RETRY_MILLIS} ms while the new uplink still refuses as
 * unavailable, and ends once nothing is held.
 *
 * <p>Bounded: at most {@code capacity} messages ({@value #DEFAULT_CAPACITY} by default) per producer. At the bound
 * the oldest {@link Priority#TELEMETRY} message goes (the oldest message of all if none is telemetry), so alarms and
 * events outlive routine readings; every such loss is counted ({@link #dropped()}) and logged (the first and every
 * thousandth: a cabinet without any uplink logs no more than that). A message the uplink refuses for good (too
 * large, its queue full for the priority, its storage failing) is not held: the uplink has said why.
 *
 * <p>Not deployed on its own: each producer bundle copies this package privately (bnd {@code -conditionalpackage}),
 * since the api bundle holds contracts only and no bundle may import another's internals. Each component instance
 * has its own hand-over; what it still holds when it is deactivated itself is logged and counted as lost.
 */
public final class UplinkHandover {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkHandover.class);
    public static final int DEFAULT_CAPACITY = 1000;
    static final long RETRY_MILLIS = 100;

    /** What became of a message handed to {@link #publish}. */
    public enum Outcome {
        /** The uplink took it (it is in the uplink's durable queue). */
        TAKEN,
        /** No uplink takes messages now: held, handed over later in order. */
        HELD,
        /** The uplink refused it for good; not held. */
        REFUSED
    }

    private final String owner;
    private final Supplier<Uplink> uplink;
    private final int capacity;
    private final ArrayDeque<Message> held = new ArrayDeque<>();
    private long dropped;
    private long handedOver;
    private boolean closed;
    private Thread flusher;

    /** The uplink bound through {@link #bind}, when this hand-over keeps track of it itself. */
    private volatile Uplink bound;

    /**
     * For a producer whose {@link Uplink} reference calls {@link #bind} and {@link #unbind}: the hand-over knows
     * the uplink bound now. {@code owner}: the producer, named in log lines and the flusher thread.
     */
    public UplinkHandover(String owner) {
        this.owner = owner;
        this.uplink = () -> bound;
        this.capacity = DEFAULT_CAPACITY;
    }

    /** {@code owner}: the producer, named in log lines and the flusher thread; {@code uplink}: the one bound now. */
    public UplinkHandover(String owner, Supplier<Uplink> uplink) {
        this(owner, uplink, DEFAULT_CAPACITY);
    }

    public UplinkHandover(String owner, Supplier<Uplink> uplink, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.owner = owner;
        this.uplink = uplink;
        this.capacity = capacity;
    }

    /** Hands {@code m} to the uplink, behind whatever is held; or holds it. */
    public synchronized Outcome publish(Message m) {
        if (closed) {
            return offer(m) == Outcome.TAKEN ? Outcome.TAKEN : Outcome.REFUSED;
        }
        flush();
        if (held.isEmpty()) {
            Outcome o = offer(m);
            if (o != Outcome.HELD) {
                return o;
            }
        }
        hold(m); // behind what is held already: the cloud gets them in the order they were given
        if (uplink.get() != null) {
            startFlusher(); // bound, but refusing as unavailable (stopping, or not started yet): retried
        }
        return Outcome.HELD;
    }

    /** Hands what is held to the uplink, oldest first, until it takes no more. */
    public synchronized void flush() {
        int before = held.size();
        while (!held.isEmpty()) {
            Outcome o = offer(held.peek());
            if (o == Outcome.HELD) {
                break;
            }
            held.poll();
            if (o == Outcome.TAKEN) {
                handedOver++;
            }
        }
        if (before > 0 && held.isEmpty()) {
            LOG.info("{}: uplink back, {} held message(s) handed over in order", owner, before);
        }
    }

    /**
     * Call from the producer's bind method of its {@link Uplink} reference: what is held goes to the new uplink
     * now, off the caller's thread (SCR's), which must not wait for the uplink's fsyncs.
     */
    public synchronized void uplinkBound() {
        if (!held.isEmpty()) {
            startFlusher();
        }
    }

    /** From the producer's bind method of its optional, dynamic {@link Uplink} reference. */
    public void bind(Uplink u) {
        bound = u;
        uplinkBound();
    }

    /** From the matching unbind method: forgets {@code u} unless another uplink was bound since. */
    public void unbind(Uplink u) {
        if (bound == u) {
            bound = null;
        }
    }

    public synchronized int held() {
        return held.size();
    }

    /** Messages lost at the bound or at {@link #close()} since this hand-over was made. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Held messages later taken by an uplink. */
    public synchronized long handedOver() {
        return handedOver;
    }

    /** The producer is deactivated: one last hand-over, then what is still held is counted lost and logged. */
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            flush();
            if (!held.isEmpty()) {
                dropped += held.size();
                LOG.warn("{}: stopped with {} message(s) held for an absent uplink; they are lost ({} lost in all)",
                        owner, held.size(), dropped);
                held.clear();
            }
            t = flusher;
            notifyAll();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void hold(Message m) {
        if (held.isEmpty()) {
            LOG.warn("{}: no uplink takes messages now; holding {} on {} and what follows (at most {}) until one does",
                    owner, m.priority(), m.topic(), capacity);
        }
        if (held.size() >= capacity) {
            Message lost = dropOne();
            if (dropped++ % 1000 == 0) {
                LOG.warn("{}: {} messages held for the uplink, the bound: {} on {} dropped; {} dropped so far", owner,
                        capacity, lost.priority(), lost.topic(), dropped);
            }
        }
        held.add(m);
    }

    /** The oldest telemetry, else the oldest: an alarm outlives routine readings. */
    private Message dropOne() {
        for (Iterator<Message> it = held.iterator(); it.hasNext();) {
            Message m = it.next();
            if (m.priority() == Priority.TELEMETRY) {
                it.remove();
                return m;
            }
        }
        return held.poll();
    }

    private void startFlusher() {
        if (flusher != null && flusher.isAlive() || closed) {
            return;
        }
        flusher = new Thread(this::flushUntilEmpty, "cabinetgw-uplink-handover " + owner);
        flusher.setDaemon(true);
        flusher.start();
    }

    /** Ends when nothing is held, when no uplink is bound (the next bind starts it again) or at close. */
    private void flushUntilEmpty() {
        synchronized (this) {
            try {
                while (!closed) {
                    flush();
                    if (held.isEmpty() || uplink.get() == null) {
                        return;
                    }
                    wait(RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                // closing
            } finally {
                if (flusher == Thread.currentThread()) {
                    flusher = null;
                }
            }
        }
    }

    private Outcome offer(Message m) {
        Uplink u = uplink.get();
        if (u == null) {
            return Outcome.HELD;
        }
        try {
            u.publish(m);
            return Outcome.TAKEN;
        } catch (UplinkRefusedException e) {
            if (e.reason() == UplinkRefusedException.Reason.UNAVAILABLE) {
                return Outcome.HELD; // stopping or not started yet: the next one will take it
            }
            LOG.warn("{}: the uplink refused {} on {}: {} ({})", owner, m.priority(), m.topic(), e.getMessage(),
                    e.reason());
            return Outcome.REFUSED;
        } catch (RuntimeException e) {
            // the service went away under the call (its bundle is stopping)
            LOG.debug("{}: the uplink failed to take {} on {}: {}", owner, m.priority(), m.topic(), e.toString());
            return Outcome.HELD;
        }
    }
}
