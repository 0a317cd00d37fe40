package org.cabinetgw.uplink.internal.aggregate;

import java.util.List;

/**
 * A finished window: one {@link SeriesStats} per (source, topic) that sent telemetry in it.
 *
 * @param startMillis     window start, epoch milliseconds (aligned to a multiple of the window length)
 * @param endMillis       window end (exclusive)
 * @param fromMillis      when this summary began to collect: the window start, or later when the uplink
 *                        started (or the link became metered for the first time) inside the window
 * @param relabel         0 normally; counts backward steps of the wall clock that made a window label repeat,
 *                        so such a window gets ids of its own (see {@link AggregateEncoder#id})
 * @param series          the series, in the order first seen
 * @param droppedMessages telemetry messages not summarised because the window already had the most
 *                        series allowed (their raw messages are still queued)
 */
public record WindowSummary(long startMillis, long endMillis, long fromMillis, int relabel, List<SeriesStats> series,
        long droppedMessages) {

    public WindowSummary {
        series = List.copyOf(series);
    }
}
