package org.cabinetgw.failover;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of a failover drill.
 *
 * @param kind           what was drilled
 * @param outcome        how it went
 * @param detail         a sentence: why it was refused or aborted, what failed, or what passed
 * @param started        when it started (or was refused)
 * @param failoverMillis provoked fault to failover observed; -1 when not reached
 * @param failbackMillis fault removed to fail-back observed; -1 when not reached
 * @param failoverTargetMillis the configured target for the failover
 * @param failbackTargetMillis the configured target for the fail-back
 */
public record DrillResult(DrillKind kind, Outcome outcome, String detail, Instant started, long failoverMillis,
        long failbackMillis, long failoverTargetMillis, long failbackTargetMillis) {

    /** How a drill went. */
    public enum Outcome {
        /** Failed over and back within the target times. */
        PASSED,
        /** Ran to the end, but a switch did not happen or took longer than its target. */
        FAILED,
        /** Stopped half way because the real situation degraded; everything was restored. */
        ABORTED,
        /** Not started: the cabinet was not NORMAL, another drill was running, or a service is missing. */
        REFUSED
    }

    public DrillResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(started, "started");
    }
}
