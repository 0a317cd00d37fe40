package org.cabinetgw.campaign;

/**
 * One fault's figures. Times in milliseconds, null when the condition never came within its bound: detected =
 * from injection to the fault seen; recovered = from removal to /health back at the baseline with new numbers
 * arriving. lost and duplicates are the producer's numbers, counted by the independent receivers.
 */
record Row(int round, String fault, Long detectedMillis, String action, Long recoveredMillis, int lost, int duplicates,
        int logLines, double logLinesPerMinute, int stackTraces, int threadsDelta, int fdsDelta, String skipped) {

    /** The invariants: seen, recovered, nothing lost, no stack trace, threads and files back near the baseline. */
    String violations() {
        if (skipped != null) {
            return skipped.startsWith("could not prepare") ? skipped : "";
        }
        StringBuilder b = new StringBuilder();
        if (detectedMillis == null) {
            b.append("never detected; ");
        }
        if (recoveredMillis == null) {
            b.append("never recovered; ");
        }
        if (lost != 0) {
            b.append(lost).append(" lost; ");
        }
        if (stackTraces != 0) {
            b.append(stackTraces).append(" stack trace(s) on the console; ");
        }
        if (threadsDelta > Campaign.THREADS_TOLERANCE) {
            b.append("threads +").append(threadsDelta).append("; ");
        }
        if (fdsDelta > Campaign.FDS_TOLERANCE) {
            b.append("file descriptors +").append(fdsDelta).append("; ");
        }
        return b.toString();
    }
}
