package org.cabinetgw.network.internal;

/**
 * The outcome of probing one target once.
 *
 * @param target        what was probed
 * @param ok            true when the target answered as expected
 * @param latencyMillis round-trip time when ok, -1 otherwise
 * @param error         why it failed, in a few words; empty when ok
 */
record ProbeResult(ProbeTarget target, boolean ok, long latencyMillis, String error) {

    static ProbeResult ok(ProbeTarget target, long latencyMillis) {
        return new ProbeResult(target, true, latencyMillis, "");
    }

    static ProbeResult failed(ProbeTarget target, String error) {
        return new ProbeResult(target, false, -1, error);
    }
}
