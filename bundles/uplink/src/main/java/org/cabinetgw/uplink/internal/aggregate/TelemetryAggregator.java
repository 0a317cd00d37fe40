package org.cabinetgw.uplink.internal.aggregate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.telemetry.Message;

/**
 * Collects telemetry into fixed windows aligned to the wall clock (a 300 s window runs 12:00:00 to
 * 12:05:00), one {@link SeriesStats} per (source, topic). Pure logic: the caller passes the time, adds
 * messages and collects finished windows; nothing here touches a thread, a clock or a disk.
 *
 * <p>Memory is bounded: at most {@code maxSeries} series per window (messages of further series are
 * counted, not kept), at most {@code maxMetrics} metrics per series, names and sources of bounded length,
 * constant memory per metric. Finished windows wait in a list until {@link #collect}; at most
 * {@link #MAX_FINISHED} of them (the oldest go first and are counted), so a caller that stopped collecting
 * cannot make them pile up either.
 *
 * <p>Thread safety: every method is synchronized.
 */
public final class TelemetryAggregator {

    /** A source longer than this is not summarised (its messages count as dropped). */
    public static final int MAX_SOURCE_CHARS = 256;
    /** Finished windows kept until collected. */
    static final int MAX_FINISHED = 4;

    private record Key(String source, String topic) {
    }

    private final long windowMillis;
    private final int maxSeries;
    private final int maxMetrics;

    private long start;
    private long end;
    private long from;
    private int relabel;
    private long lastStart = Long.MIN_VALUE;
    private Map<Key, SeriesStats> series = new LinkedHashMap<>();
    private long droppedMessages;
    private final List<WindowSummary> finished = new ArrayList<>();
    private long discardedWindows;

    /**
     * @param windowMillis window length (&gt; 0)
     * @param maxSeries    most (source, topic) series per window (&gt; 0)
     * @param maxMetrics   most metric names per series (&gt; 0)
     * @param nowMillis    wall clock now, epoch milliseconds: the first window starts collecting here
     */
    public TelemetryAggregator(long windowMillis, int maxSeries, int maxMetrics, long nowMillis) {
        if (windowMillis <= 0 || maxSeries <= 0 || maxMetrics <= 0) {
            throw new IllegalArgumentException("window " + windowMillis + " ms, " + maxSeries + " series, "
                    + maxMetrics + " metrics: all must be positive");
        }
        this.windowMillis = windowMillis;
        this.maxSeries = maxSeries;
        this.maxMetrics = maxMetrics;
        open(nowMillis, true);
    }

    public long windowMillis() {
        return windowMillis;
    }

    /** Adds a telemetry message accepted at {@code nowMillis} (wall clock) to the window it falls in. */
    public synchronized void add(Message m, long nowMillis) {
        roll(nowMillis);
        Key key = new Key(m.source(), m.topic());
        SeriesStats s = series.get(key);
        if (s == null) {
            if (series.size() >= maxSeries || m.source().length() > MAX_SOURCE_CHARS) {
                droppedMessages++;
                return;
            }
            s = new SeriesStats(m.source(), m.topic(), maxMetrics);
            series.put(key, s);
        }
        s.add(m);
    }

    /** Closes the window if {@code nowMillis} is past it and returns every finished window not yet collected. */
    public synchronized List<WindowSummary> collect(long nowMillis) {
        roll(nowMillis);
        List<WindowSummary> out = List.copyOf(finished);
        finished.clear();
        return out;
    }

    /** The open window as it stands, for saving at an orderly stop; null when it holds nothing. */
    public synchronized WindowSummary openWindow() {
        if (series.isEmpty() && droppedMessages == 0) {
            return null;
        }
        return new WindowSummary(start, end, from, relabel, new ArrayList<>(series.values()), droppedMessages);
    }

    /**
     * Takes over a window saved at an orderly stop, before anything was added here: still open at
     * {@code nowMillis}, it continues (with its original {@code from}, so the summary covers the whole time
     * before and after the stop under the window's one id); already over, it is finished and collected next.
     * Returns false (and changes nothing) for a window of another length or one in the future.
     */
    public synchronized boolean resume(WindowSummary saved, long nowMillis) {
        if (saved.endMillis() - saved.startMillis() != windowMillis || saved.startMillis() > start
                || !series.isEmpty()) {
            return false;
        }
        if (saved.startMillis() == start) {
            series = new LinkedHashMap<>();
            for (SeriesStats s : saved.series()) {
                series.put(new Key(s.source(), s.topic()), s);
            }
            from = saved.fromMillis();
            relabel = saved.relabel();
            droppedMessages = saved.droppedMessages();
        } else {
            finished.add(saved);
        }
        return true;
    }

    /** Windows that finished but were dropped because nobody collected them in time. */
    public synchronized long discardedWindows() {
        return discardedWindows;
    }

    /** Series in the open window (for tests and the log). */
    public synchronized int openSeries() {
        return series.size();
    }

    /** Start of the open window, epoch milliseconds. */
    public synchronized long openWindowStart() {
        return start;
    }

    private void roll(long nowMillis) {
        // a backward step of the wall clock out of the window closes it as well: otherwise the window would
        // last until the clock caught up again, which may be hours
        if (nowMillis >= end || nowMillis < start) {
            if (!series.isEmpty() || droppedMessages > 0) {
                if (finished.size() >= MAX_FINISHED) {
                    finished.remove(0);
                    discardedWindows++;
                }
                finished.add(new WindowSummary(start, end, from, relabel, new ArrayList<>(series.values()),
                        droppedMessages));
            }
            open(nowMillis, false);
        }
    }

    /** {@code first}: the uplink starts collecting now, so the window's summary covers only from now on. */
    private void open(long nowMillis, boolean first) {
        long aligned = Math.floorDiv(nowMillis, windowMillis) * windowMillis;
        // the clock went back to a window already opened once: its summaries need ids of their own
        relabel = aligned <= lastStart ? relabel + 1 : 0;
        lastStart = Math.max(lastStart, aligned);
        start = aligned;
        end = aligned + windowMillis;
        from = first ? nowMillis : aligned;
        series = new LinkedHashMap<>();
        droppedMessages = 0;
    }
}
