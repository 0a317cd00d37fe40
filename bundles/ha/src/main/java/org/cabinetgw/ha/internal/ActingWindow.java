package org.cabinetgw.ha.internal;

import java.util.function.LongSupplier;

import org.cabinetgw.ha.ActingPermit;

/**
 * The {@link ActingPermit} of an ACTIVE node: granted until a deadline on this node's monotonic clock, pushed forward
 * only by fresh evidence that the standby cannot have taken over, withdrawn at once when the node stops acting.
 *
 * <p>Why a deadline and not a flag the engine clears: a process frozen while ACTIVE (SIGSTOP, a stall of the whole
 * JVM) resumes all its threads at once, and the uplink's connector may reconnect before the heartbeat thread has read
 * the peer's higher epoch. A flag would still say "granted" then; a deadline has passed during the freeze, because
 * the monotonic clock ran on. The evidence and how long each proves the standby cannot act:
 * <ul>
 * <li>a lease renewal the witness acknowledged, counted from when it was <em>sent</em>: {@code step.down.millis}. The
 * standby takes over through the witness only once the broker released the lease (1.5 x keep-alive after it last
 * heard from this node) or the lease went unrenewed for {@code lease.timeout.millis}, both longer (README, "Why two
 * actives cannot happen", point 3);</li>
 * <li>a heartbeat of the peer as a non-active node: the heartbeat timeout. Without hearing this node the peer needs at
 * least that long to declare it dead.</li>
 * </ul>
 * A gap between two ticks longer than the timeout is a stall: evidence dated before the stall ended plus one timeout
 * does not count, so heartbeats and lease answers that waited in the socket buffers while the process was frozen
 * (sent by a peer that has since taken over) cannot grant the permit again before the node has read what followed
 * them.
 */
final class ActingWindow implements ActingPermit {

    private final LongSupplier clock;
    private final long stallMs;
    /** Granted while the clock is below this. */
    private volatile long until = Long.MIN_VALUE;
    private long lastTick = -1;
    /** Evidence dated before this does not count (the end of the last stall plus one timeout). */
    private long freshFrom = Long.MIN_VALUE;
    /** When the last stall was noticed (it ended then); -1: none since the start. */
    private long stallEnd = -1;

    /** {@code stallMs}: a gap between ticks longer than this is a stall (the heartbeat timeout). */
    ActingWindow(LongSupplier clock, long stallMs) {
        this.clock = clock;
        this.stallMs = stallMs;
    }

    @Override
    public boolean granted() {
        return clock.getAsLong() < until;
    }

    /** Milliseconds the permit has left (0 when lapsed or withdrawn): for the status. */
    long remaining(long now) {
        long u = until;
        return u == Long.MIN_VALUE ? 0 : Math.max(0, u - now);
    }

    /** The node stopped acting: withdrawn now, whatever evidence remains. */
    void withdraw() {
        until = Long.MIN_VALUE;
    }

    /** The node just took over (its own decision, made now): granted for {@code ms}. */
    void grantFor(long now, long ms) {
        until = Math.max(until, now + ms);
    }

    /** Every tick, acting or not: detects a stall (callers hold the engine's lock). */
    void ticked(long now) {
        observed(now);
        lastTick = now;
    }

    /**
     * Any activity (a datagram read): a tick overdue by more than the stall time means this process was stalled, even
     * when the heartbeat thread runs before the tick thread after a resume (callers hold the engine's lock).
     */
    void observed(long now) {
        if (lastTick >= 0 && now - lastTick > stallMs) {
            freshFrom = Math.max(freshFrom, now + stallMs);
            stallEnd = Math.max(stallEnd, now);
        }
    }

    /**
     * When the last stall ended (monotonic ms; -1: none since the start). One timeout after it is no proof that the
     * socket buffers were read to their end: on a loaded machine reading a few seconds of the peer's heartbeats took
     * longer (StallBacklogTest), so the engine also waits for its witness's answer to an announcement made after it.
     */
    long lastStallEnd() {
        return stallEnd;
    }

    /**
     * Whether something heard at {@code at} is fresh: not possibly read from what waited in the socket buffers during
     * a stall. A UDP buffer that overflowed during a freeze holds the <em>oldest</em> heartbeats (the newer ones were
     * dropped): the peer as STANDBY from before it took over. The election must not believe them.
     */
    boolean fresh(long at) {
        return at >= freshFrom;
    }

    /**
     * Evidence dated {@code at} (monotonic ms, negative: none) that proves the standby cannot act for {@code validMs};
     * only while acting (callers hold the engine's lock and checked the role).
     */
    void evidence(long at, long validMs) {
        if (at >= 0 && at >= freshFrom) {
            until = Math.max(until, at + validMs);
        }
    }
}
