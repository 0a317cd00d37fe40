package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The gateway's heap after a full GC at the end of every round of a run of several rounds (-Dcampaign.rounds=N or
 * -Dcampaign.minutes=M): whether one long-lived process's heap levels off. Each line names the process (its pid and
 * how long it has run), since a fault that restarts the gateway starts a new heap; a run with
 * -Dcampaign.exclude="gateway killed,wall clock,corrupted" keeps one process throughout. Appended to
 * target/campaign/heap.txt and printed. Never in a run of one round (CampaignIT): a full GC and two jcmd cost
 * seconds.
 */
final class HeapRounds {

    private HeapRounds() {
    }

    /** Whether the run samples the heap per round: more than one round, or a run for a time. */
    static boolean asked(double minutes, int rounds) {
        return minutes > 0 || rounds > 1;
    }

    /** Samples the heap now (a full GC first) and appends the round's line; returns it. */
    static String sample(GatewayUnderTest gateway, Path file, int round, long baselineKiB) throws IOException {
        long kiB = gateway.heapAfterGcKiB();
        String line = line(round, gateway.pid(), (long) (gateway.age() * 1000), kiB, baselineKiB);
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return line;
    }

    static String line(int round, long pid, long uptimeMillis, long kiB, long baselineKiB) {
        return String.format(Locale.ROOT, "heap after a full GC, end of round %d: %s (baseline %s), pid %d up %.1f min", round,
                Campaign.mebibytes(kiB), Campaign.mebibytes(baselineKiB), pid, uptimeMillis / 60000.0);
    }
}
