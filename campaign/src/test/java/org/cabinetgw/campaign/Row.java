package org.cabinetgw.campaign;

import java.util.List;

/**
 * One fault's figures. Times in milliseconds, null when the condition never came within its bound: detected =
 * from injection to the fault seen; recovered = from removal to /health back at the baseline with new numbers
 * arriving. lost and duplicates are the producer's numbers, counted by the independent receivers. episodes: what
 * the gateway's failover history recorded since the injection ({@link Episodes}); expectedEpisode: the episode a
 * fault the coordinator handles must leave there (null: none expected). cloudEvents: the coordinator's messages to
 * the cloud stamped since the injection ({@link CloudEvents}).
 */
record Row(int round, String fault, Long detectedMillis, String action, Long recoveredMillis, int lost, int duplicates,
        int logLines, double logLinesPerMinute, int stackTraces, int threadsDelta, int fdsDelta, String skipped,
        String episodes, String expectedEpisode, String cloudEvents) {

    Row withEpisodes(String e) {
        return new Row(round, fault, detectedMillis, action, recoveredMillis, lost, duplicates, logLines, logLinesPerMinute,
                stackTraces, threadsDelta, fdsDelta, skipped, e, expectedEpisode, cloudEvents);
    }

    /** A row of a fault that did not run (or could not be prepared): why. */
    static Row skipped(int round, String fault, String why) {
        return new Row(round, fault, null, "", null, 0, 0, 0, 0, 0, 0, 0, why, "", null, "");
    }

    /**
     * The invariants: seen, recovered, nothing lost, no stack trace, threads and files back near the baseline, the
     * episode in the failover history where one is expected.
     */
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
        String episode = episodeProblem();
        if (episode != null) {
            b.append(episode).append("; ");
        }
        return b.toString();
    }

    /** Null when no episode is expected, or it is there and every one of its kind since the injection was restored. */
    String episodeProblem() {
        return episodeProblem(episodes, expectedEpisode);
    }

    static String episodeProblem(String episodes, String expectedEpisode) {
        if (expectedEpisode == null) {
            return null;
        }
        List<String> mine = episodes == null ? List.of()
                : java.util.Arrays.stream(episodes.split("; ")).filter(e -> e.startsWith(expectedEpisode + ":")).toList();
        if (mine.isEmpty()) {
            return "no failover episode '" + expectedEpisode + "'";
        }
        return mine.stream().allMatch(e -> e.contains("restored after")) ? null
                : "failover episode '" + expectedEpisode + "' not restored";
    }
}
