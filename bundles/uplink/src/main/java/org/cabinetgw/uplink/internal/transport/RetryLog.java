package org.cabinetgw.uplink.internal.transport;

/**
 * Keeps a failing link from flooding the log: the first failure of a streak is reported at once, later ones
 * only as a summary at most every {@code summaryMillis}, and the end of the streak once. A broker that is down
 * for days then costs a line per interval instead of a line per retry. Pure logic on the times it is given
 * (tested with a made-up clock); not thread-safe: one owner, or its owner's lock.
 */
public final class RetryLog {

    private final String subject;
    private final long summaryMillis;
    private long streakSince = -1;
    private long lastReportAt;
    private long attempts;
    private long attemptsSinceReport;
    private String lastReason;

    /**
     * @param subject       what fails, at the start of every line (e.g. "Uplink MQTT")
     * @param summaryMillis shortest time between two summaries of the same streak
     */
    public RetryLog(String subject, long summaryMillis) {
        if (summaryMillis <= 0) {
            throw new IllegalArgumentException("summaryMillis must be > 0, got " + summaryMillis);
        }
        this.subject = subject;
        this.summaryMillis = summaryMillis;
    }

    /**
     * One failed attempt. Returns the line to log, or null when this failure is only counted.
     *
     * @param what  what failed this time, e.g. "3 messages not delivered (publish refused)"
     * @param retry what happens next, e.g. "sending again in 217 ms"
     */
    public String failed(long now, String what, String retry) {
        attempts++;
        attemptsSinceReport++;
        lastReason = what;
        if (streakSince < 0) {
            streakSince = now;
            lastReportAt = now;
            attemptsSinceReport = 0;
            return subject + ": " + what + "; " + retry + " (further failures summarised every "
                    + summaryMillis / 1000 + " s)";
        }
        if (now - lastReportAt < summaryMillis) {
            return null;
        }
        String line = subject + ": still failing after " + attempts + " attempts in " + (now - streakSince) / 1000
                + " s (" + attemptsSinceReport + " since the last report); last: " + lastReason + "; " + retry;
        lastReportAt = now;
        attemptsSinceReport = 0;
        return line;
    }

    /** A success. Returns the line that closes a streak, or null when there was none. */
    public String succeeded(long now, String what) {
        return end(now, what + " again");
    }

    /** The streak ends without a success (e.g. the transport is no longer used). Same contract as succeeded. */
    public String abandoned(long now, String why) {
        return end(now, why);
    }

    private String end(long now, String what) {
        if (streakSince < 0) {
            return null;
        }
        String line = subject + ": " + what + " after " + attempts + " failed attempts in "
                + (now - streakSince) / 1000 + " s";
        streakSince = -1;
        attempts = 0;
        attemptsSinceReport = 0;
        lastReason = null;
        return line;
    }

    /** True while failures have not been followed by a success. */
    public boolean failing() {
        return streakSince >= 0;
    }

    /** When the current streak began (the caller's clock), or -1. */
    public long failingSince() {
        return streakSince;
    }

    /** Failed attempts in the current streak. */
    public long attempts() {
        return attempts;
    }
}
