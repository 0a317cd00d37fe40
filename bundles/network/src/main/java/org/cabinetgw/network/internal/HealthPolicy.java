package org.cabinetgw.network.internal;

/**
 * How a link's probe rounds become its state. Validated on construction.
 *
 * @param windowRounds           rounds in the sliding window for loss and latency
 * @param downAfterRounds        consecutive failed rounds that declare the link DOWN
 * @param upAfterRounds          consecutive good rounds that bring a DOWN link back
 * @param degradedLossPercent    loss over the window at or above which an answering link is DEGRADED
 * @param degradedLatencyMillis  mean latency over the window at or above which it is DEGRADED
 * @param flapWindowMillis       downs within this time count as flaps
 * @param flapHoldInitialMillis  hold-down after the second down within the flap window; doubles with each further one
 * @param flapHoldMaxMillis      the hold-down never exceeds this
 */
record HealthPolicy(int windowRounds, int downAfterRounds, int upAfterRounds, double degradedLossPercent,
        long degradedLatencyMillis, long flapWindowMillis, long flapHoldInitialMillis, long flapHoldMaxMillis) {

    HealthPolicy {
        Check.range("probe.window.rounds", windowRounds, 2, 1000);
        Check.range("down.after.rounds", downAfterRounds, 1, 100);
        Check.range("up.after.rounds", upAfterRounds, 1, 1000);
        Check.range("degraded.loss.percent", degradedLossPercent, 1.0, 100.0);
        Check.range("degraded.latency.ms", degradedLatencyMillis, 1, 60_000);
        Check.range("flap.window.s", flapWindowMillis, 1_000, 86_400_000);
        Check.range("flap.hold.initial.s", flapHoldInitialMillis, 0, 86_400_000);
        Check.range("flap.hold.max.s", flapHoldMaxMillis, flapHoldInitialMillis, 86_400_000);
    }
}
