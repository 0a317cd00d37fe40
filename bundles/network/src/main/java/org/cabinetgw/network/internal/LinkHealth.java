package org.cabinetgw.network.internal;

import java.util.ArrayDeque;
import java.util.Deque;

import org.cabinetgw.network.LinkState;

/**
 * The state machine of one link, driven by probe rounds and told the time by its caller (so tests use a fake
 * clock). Not thread-safe: one link monitor owns it and serialises calls.
 *
 * <p>Hysteresis: DOWN after {@code downAfterRounds} consecutive failed rounds (at once when the interface is
 * down), back only after {@code upAfterRounds} consecutive good ones. Flap damping: every down within the flap
 * window after the first holds the link down for an exponentially growing time (initial, 2x, 4x ... capped),
 * counted from that down. While held, the link answers but is {@link LinkState#HELD_DOWN}, and so it is while
 * the failover coordinator forces it down.
 */
final class LinkHealth {

    private final HealthPolicy policy;
    private final ProbeWindow window;
    private final Deque<Long> recentDowns = new ArrayDeque<>();

    private int consecutiveFailures;
    private int consecutiveSuccesses;
    /** The probe verdict with hysteresis, before damping and forcing. A new link is down until proven up. */
    private boolean probeDown = true;
    private String failureReason = "not probed yet";
    private long holdUntil = Long.MIN_VALUE;
    private String forcedReason;

    private LinkState state = LinkState.DOWN;
    private String reason = "not probed yet";
    private long since;
    private long usableSince = -1;

    /** True once the probes have given a verdict: the link came up, or failed downAfterRounds in a row. */
    private boolean settled;
    private long streakStart = -1;
    private long faultFirstSeen = -1;
    private long declaredDown = -1;

    LinkHealth(HealthPolicy policy, long now) {
        this.policy = policy;
        this.window = new ProbeWindow(policy.windowRounds());
        this.since = now;
    }

    /**
     * One probe round finished.
     *
     * @param startedAt when its probes were sent
     * @param now       when the round's verdict is known
     * @param ok        true when at least one target answered
     * @param latency   the best answer's latency when ok
     * @param failure   why every target failed, when not ok
     * @return true when the state or reason changed
     */
    boolean round(long startedAt, long now, boolean ok, long latency, String failure) {
        window.add(ok, latency);
        if (ok) {
            consecutiveSuccesses++;
            consecutiveFailures = 0;
            streakStart = -1;
            if (probeDown && consecutiveSuccesses >= policy.upAfterRounds()) {
                probeDown = false;
                settled = true;
            }
        } else {
            if (consecutiveFailures == 0) {
                streakStart = startedAt;
            }
            consecutiveFailures++;
            consecutiveSuccesses = 0;
            failureReason = failure;
            if (consecutiveFailures >= policy.downAfterRounds()) {
                settled = true;
            }
            if (!probeDown && consecutiveFailures >= policy.downAfterRounds()) {
                goProbeDown(now);
            }
        }
        return evaluate(now);
    }

    /** The interface is missing, down or has no address: no need to wait for rounds to fail. */
    boolean interfaceUnusable(long now, String why) {
        window.add(false, 0);
        if (consecutiveFailures == 0) {
            streakStart = now;
        }
        consecutiveFailures++;
        consecutiveSuccesses = 0;
        failureReason = why;
        settled = true;
        if (!probeDown) {
            goProbeDown(now);
        }
        return evaluate(now);
    }

    boolean forceDown(long now, String why) {
        forcedReason = why == null || why.isBlank() ? "forced down" : why;
        if (state.usable()) {
            faultFirstSeen = now;
            declaredDown = now;
        }
        return evaluate(now);
    }

    boolean release(long now) {
        forcedReason = null;
        return evaluate(now);
    }

    /** Re-evaluates time-dependent state (a hold-down expiring) without a new round. */
    boolean tick(long now) {
        return evaluate(now);
    }

    private void goProbeDown(long now) {
        probeDown = true;
        boolean wasUsable = state.usable();
        if (wasUsable) {
            faultFirstSeen = streakStart >= 0 ? streakStart : now;
            declaredDown = now;
        }
        while (!recentDowns.isEmpty() && recentDowns.peekFirst() < now - policy.flapWindowMillis()) {
            recentDowns.removeFirst();
        }
        recentDowns.addLast(now);
        int downs = recentDowns.size();
        if (downs >= 2 && policy.flapHoldInitialMillis() > 0) {
            int doublings = Math.min(downs - 2, 30);
            long hold = Math.min(policy.flapHoldMaxMillis(), policy.flapHoldInitialMillis() << doublings);
            holdUntil = Math.max(holdUntil, now + hold);
        }
    }

    private boolean evaluate(long now) {
        LinkState newState;
        String newReason;
        if (forcedReason != null) {
            newState = LinkState.HELD_DOWN;
            newReason = "forced down: " + forcedReason;
        } else if (probeDown) {
            newState = LinkState.DOWN;
            newReason = failureReason;
        } else if (now < holdUntil) {
            newState = LinkState.HELD_DOWN;
            newReason = "flapping: " + recentDowns.size() + " downs within " + policy.flapWindowMillis() / 1000
                    + " s, held down for another " + (holdUntil - now + 999) / 1000 + " s";
        } else if (window.lossPercent() >= policy.degradedLossPercent()) {
            newState = LinkState.DEGRADED;
            newReason = String.format(java.util.Locale.ROOT, "loss %.0f%% over the last %d rounds (limit %.0f%%)",
                    window.lossPercent(), window.size(), policy.degradedLossPercent());
        } else if (window.meanLatencyMillis() >= policy.degradedLatencyMillis()) {
            newState = LinkState.DEGRADED;
            newReason = "mean latency " + window.meanLatencyMillis() + " ms (limit " + policy.degradedLatencyMillis()
                    + " ms)";
        } else {
            newState = LinkState.UP;
            newReason = "";
        }
        // Only a change of state is news: reasons that carry figures (loss, countdown) change every round.
        boolean stateChanged = newState != state;
        if (stateChanged) {
            since = now;
            if (newState.usable() && !state.usable()) {
                usableSince = now;
            } else if (!newState.usable()) {
                usableSince = -1;
            }
        }
        state = newState;
        reason = newReason;
        return stateChanged;
    }

    LinkState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    long since() {
        return since;
    }

    /** When the link last became usable (UP or DEGRADED) and stayed so; -1 when it is not usable. */
    long usableSince() {
        return usableSince;
    }

    /** When the first failed probe of the last fault was sent; -1 when there has been no fault. */
    long faultFirstSeen() {
        return faultFirstSeen;
    }

    /** When the last fault was declared; -1 when there has been none. */
    long declaredDown() {
        return declaredDown;
    }

    double lossPercent() {
        return window.lossPercent();
    }

    long meanLatencyMillis() {
        return window.meanLatencyMillis();
    }

    /** False while a new link has not yet been probed enough to be declared up or down. */
    boolean settled() {
        return settled;
    }

    boolean forced() {
        return forcedReason != null;
    }
}
