package org.cabinetgw.ha.internal;

import java.util.List;

/**
 * A validated pair configuration (see {@link PairSettingsParser} for the checks and {@link PairConfig} for the
 * meaning of each setting).
 */
record PairSettings(String nodeId, String pairId, int priority, List<PathSpec> paths, byte[] key, long intervalMs,
        long timeoutMs, long startupWaitMs, boolean failBack, long failBackHoldMs, StandbyWhenIsolated standbyWhenIsolated,
        ActiveWhenIsolated activeWhenIsolated, long stepDownMs, long leaseRenewMs, long leaseTimeoutMs) {

    /** What a standby does when the peer is silent on every path and the witness cannot be asked. */
    enum StandbyWhenIsolated {
        /** Safe: stay standby; an isolated standby never becomes a second active. */
        STAY_STANDBY,
        /** Available: take over; if the peer was in fact alive there are two actives until they hear each other. */
        TAKE_OVER
    }

    /** What an active does when it hears the peer on no path and cannot renew its lease at the witness. */
    enum ActiveWhenIsolated {
        /** Safe: stop acting before the witness could let the standby take over. */
        STEP_DOWN,
        /** Available: go on acting; the standby may take over on the witness's word meanwhile. */
        KEEP_ACTIVE
    }

    @Override
    public String toString() {
        // never the key
        return "PairSettings[node=" + nodeId + ", pair=" + pairId + ", priority=" + priority + ", paths=" + paths
                + ", interval=" + intervalMs + " ms, timeout=" + timeoutMs + " ms]";
    }
}
