package org.cabinetgw.modbus.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * What a line writes to the log. A line that fails and recovers on every poll (a gateway dropping the
 * connection after every few requests) must not write a WARN/INFO pair per poll: the first failure and the
 * recovery after it are logged as they happen, further changes within {@link #PERIOD_NANOS} only counted, and
 * a summary of reconnects, retries and failed requests is written at most once a period while there are any.
 * Not thread safe: used under the line's lock. Times are {@link System#nanoTime()} values.
 */
final class LineLog {

    /** At most one line per period from a flapping line (besides the first failure and its recovery). */
    static final long PERIOD_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Where lines go: (true for WARN, else INFO, text). */
    private final BiConsumer<Boolean, String> sink;
    private final String line;
    private boolean up = true;
    private boolean quiet; // the line keeps changing: count the changes instead of logging them
    private long lastChange;
    private long periodStart;
    private boolean periodStarted;
    private long downs;
    private long reconnects;
    private long retries;
    private long failures;
    private String lastReason = "";

    LineLog(String line, BiConsumer<Boolean, String> sink) {
        this.line = line;
        this.sink = sink;
    }

    /** A request failed after its retries, or a connect failed: {@code reason} is a sentence. */
    void failed(long now, String reason) {
        failures++;
        lastReason = reason;
        if (!up) {
            return;
        }
        up = false;
        downs++;
        if (!quietAt(now)) {
            sink.accept(true, "Modbus line " + line + " failed: " + reason);
        }
        changed(now);
    }

    /** A request was answered. */
    void answered(long now) {
        if (up) {
            return;
        }
        up = true;
        if (!quietAt(now)) {
            sink.accept(false, "Modbus line " + line + " answers again");
        }
        changed(now);
    }

    void reconnected() {
        reconnects++;
    }

    void retried() {
        retries++;
    }

    /** Writes the summary of the period when it is over and anything happened in it. Called on every request. */
    void tick(long now) {
        if (!periodStarted) {
            periodStarted = true;
            periodStart = now;
            return;
        }
        if (now - periodStart < PERIOD_NANOS) {
            return;
        }
        // the first connect of a line is no churn; one reconnect after one failure is a logged change already
        if (retries > 0 || reconnects > 1 || downs > 1) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(now - periodStart);
            sink.accept(true, "Modbus line " + line + " in the last " + seconds + " s: " + reconnects + " reconnects, "
                    + retries + " retries, " + failures + " failed requests" + (failures > 0 ? " (last: " + lastReason
                            + ")" : "") + (up ? "; answering now" : "; not answering now"));
        }
        periodStart = now;
        downs = 0;
        reconnects = 0;
        retries = 0;
        failures = 0;
    }

    /** Quiet while the line changed less than a period ago (logged or not): a flapping line stays quiet. */
    private boolean quietAt(long now) {
        quiet = quiet && now - lastChange < PERIOD_NANOS;
        return quiet;
    }

    private void changed(long now) {
        lastChange = now;
        // a failure's recovery is still told at once; after that pair the next changes wait for the summary
        quiet = quiet || up;
    }
}
