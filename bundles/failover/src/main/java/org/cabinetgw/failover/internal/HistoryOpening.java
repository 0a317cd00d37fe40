package org.cabinetgw.failover.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.cabinetgw.support.internal.data.GatewayData;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the episode history lives and how it is opened. A read-only or full data filesystem must not take the
 * coordinator down with it (it is needed most then): episodes are then kept in memory and {@link #problem} says
 * the history is not being written.
 *
 * @param store    the opened history
 * @param corrupt  damaged lines skipped while opening
 * @param problem  why the history is in memory only, or null
 * @param file     where it lives (or would)
 */
record HistoryOpening(HistoryStore store, int corrupt, String problem, Path file) {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryOpening.class);

    static HistoryOpening open(BundleContext context, int maxEpisodes) throws IOException {
        Path file = historyFile(context);
        HistoryStore h = new HistoryStore(file, maxEpisodes);
        try {
            return new HistoryOpening(h, h.open(), null, file);
        } catch (IOException | UncheckedIOException e) {
            LOG.error("Failover history {} cannot be opened ({}); episodes are kept in memory only", file,
                    e.getMessage());
            HistoryStore memory = HistoryStore.inMemory(maxEpisodes);
            return new HistoryOpening(memory, memory.open(), "failover history not written (" + e.getMessage() + ")",
                    file);
        }
    }

    /** {@code failover/history.jsonl} in the gateway's data directory, else in the bundle's data area (GatewayData). */
    static Path historyFile(BundleContext context) {
        return GatewayData.folder(context, "failover").resolve("history.jsonl");
    }
}
