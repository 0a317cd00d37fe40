package org.cabinetgw.network.internal;

/** The last N probe rounds of a link: loss and mean latency over them. Not thread-safe; one owner. */
final class ProbeWindow {

    private final boolean[] ok;
    private final long[] latency;
    private int next;
    private int count;

    ProbeWindow(int size) {
        ok = new boolean[size];
        latency = new long[size];
    }

    void add(boolean success, long latencyMillis) {
        ok[next] = success;
        latency[next] = success ? latencyMillis : 0;
        next = (next + 1) % ok.length;
        count = Math.min(count + 1, ok.length);
    }

    int size() {
        return count;
    }

    /** Percentage of failed rounds, 0 when empty. */
    double lossPercent() {
        if (count == 0) {
            return 0;
        }
        int failed = 0;
        for (int i = 0; i < count; i++) {
            if (!ok[i]) {
                failed++;
            }
        }
        return 100.0 * failed / count;
    }

    /** Mean latency of the answered rounds; -1 when none answered. */
    long meanLatencyMillis() {
        long sum = 0;
        int answered = 0;
        for (int i = 0; i < count; i++) {
            if (ok[i]) {
                sum += latency[i];
                answered++;
            }
        }
        return answered == 0 ? -1 : sum / answered;
    }
}
