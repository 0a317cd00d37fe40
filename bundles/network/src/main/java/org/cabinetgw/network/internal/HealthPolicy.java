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
        Check.range("probe.window.rounds", windowRounds,
                LinkConfig.PROBE_WINDOW_ROUNDS_MIN, LinkConfig.PROBE_WINDOW_ROUNDS_MAX);
        Check.range("down.after.rounds", downAfterRounds,
                LinkConfig.DOWN_AFTER_ROUNDS_MIN, LinkConfig.DOWN_AFTER_ROUNDS_MAX);
        Check.range("up.after.rounds", upAfterRounds, LinkConfig.UP_AFTER_ROUNDS_MIN, LinkConfig.UP_AFTER_ROUNDS_MAX);
        Check.range("degraded.loss.percent", degradedLossPercent,
                LinkConfig.DEGRADED_LOSS_PERCENT_MIN, LinkConfig.DEGRADED_LOSS_PERCENT_MAX);
        Check.range("degraded.latency.millis", degradedLatencyMillis,
                LinkConfig.DEGRADED_LATENCY_MILLIS_MIN, LinkConfig.DEGRADED_LATENCY_MILLIS_MAX);
        Check.range("flap.window.seconds", flapWindowMillis, 1_000, 86_400_000);
        Check.range("flap.hold.initial.seconds", flapHoldInitialMillis, 0, 86_400_000);
        Check.range("flap.hold.max.seconds", flapHoldMaxMillis, flapHoldInitialMillis, 86_400_000);
    }
}
