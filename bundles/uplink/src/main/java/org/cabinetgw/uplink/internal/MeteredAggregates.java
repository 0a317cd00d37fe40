package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.support.internal.threads.NamedThreads;
import org.cabinetgw.telemetry.Message;
import org.cabinetgw.uplink.internal.aggregate.AggregateEncoder;
import org.cabinetgw.uplink.internal.aggregate.InstanceId;
import org.cabinetgw.uplink.internal.aggregate.OpenWindowStore;
import org.cabinetgw.uplink.internal.aggregate.SeriesStats;
import org.cabinetgw.uplink.internal.aggregate.TelemetryAggregator;
import org.cabinetgw.uplink.internal.aggregate.WindowSummary;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metered aggregation ({@code metered.aggregate.seconds}): while a metered link holds telemetry back, what was
 * accepted is summarised per series and window, and each finished window becomes one aggregate per series,
 * durably enqueued; an orderly stop keeps the open window for the next start.
 */
final class MeteredAggregates {

    private static final Logger LOG = LoggerFactory.getLogger(MeteredAggregates.class);
    /** Most metric names summarised per series and aggregate window (bounds memory; see SeriesStats). */
    static final int MAX_METRICS = UplinkEngine.AGGREGATE_MAX_METRICS;

    private final UplinkSettings settings;
    private final SegmentedLog queue;
    private final TelemetryAggregator aggregator;
    private final String instanceId;
    private final ScheduledExecutorService timer;
    private final AtomicLong queued = new AtomicLong();

    /**
     * Starts aggregation when {@code metered.aggregate.seconds} is above 0; else removes a window saved while it
     * was on (stale by the time it is switched on again) and returns null.
     */
    static MeteredAggregates start(UplinkSettings settings, SegmentedLog queue) throws IOException {
        if (settings.aggregateMillis() <= 0) {
            Files.deleteIfExists(openWindowFile(settings));
            return null;
        }
        return new MeteredAggregates(settings, queue);
    }

    private MeteredAggregates(UplinkSettings settings, SegmentedLog queue) throws IOException {
        this.settings = settings;
        this.queue = queue;
        this.instanceId = InstanceId.loadOrCreate(settings.directory().resolve("aggregate").resolve("instance-id"));
        this.aggregator = new TelemetryAggregator(settings.aggregateMillis(), settings.aggregateMaxSeries(),
                MAX_METRICS, System.currentTimeMillis());
        resumeOpenWindow();
        this.timer = NamedThreads.singleScheduler("cabinetgw-uplink-aggregate");
        // a window closes at most a tick late; ticks are cheap (one synchronized check)
        long tick = Math.max(50, Math.min(1000, settings.aggregateMillis() / 10));
        timer.scheduleWithFixedDelay(this::emitAggregates, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Summarises a telemetry message the queue durably accepted (never a refused one). */
    void add(Message message, long nowMillis) {
        aggregator.add(message, nowMillis);
    }

    /** Aggregates durably enqueued since start. */
    long queued() {
        return queued.get();
    }

    private static Path openWindowFile(UplinkSettings settings) {
        return settings.directory().resolve("aggregate").resolve("open-window.json");
    }

    /** Takes over the window an orderly stop saved (see {@link OpenWindowStore}). */
    private void resumeOpenWindow() {
        try {
            WindowSummary saved = OpenWindowStore.take(openWindowFile(settings), settings.aggregateMaxSeries(),
                    MAX_METRICS);
            if (saved != null && !aggregator.resume(saved, System.currentTimeMillis())) {
                LOG.warn("Uplink aggregates: the window saved at the last stop ({}, {} s) does not fit the clock or "
                        + "metered.aggregate.seconds now; its summary is not sent (the raw telemetry is queued)",
                        Instant.ofEpochMilli(saved.startMillis()), (saved.endMillis() - saved.startMillis()) / 1000);
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Uplink aggregates: the window saved at the last stop is not used: {}", e.getMessage());
        }
    }

    /** At an orderly stop: the open window is kept for the next start, so its summary is not cut short. */
    private void saveOpenWindow() {
        WindowSummary open = aggregator.openWindow();
        if (open == null) {
            return;
        }
        try {
            OpenWindowStore.save(openWindowFile(settings), open);
        } catch (IOException e) {
            LOG.warn("Uplink aggregates: cannot save the open window to {}: {}; after the restart its summary covers "
                    + "only the time since", openWindowFile(settings), e.getMessage());
        }
    }

    /** On the aggregate timer: every finished window becomes one aggregate per series, durably enqueued. */
    private void emitAggregates() {
        try {
            for (WindowSummary w : aggregator.collect(System.currentTimeMillis())) {
                enqueue(w);
            }
        } catch (RuntimeException e) {
            // the timer must survive whatever one window does
            LOG.error("Uplink aggregates: {}", e.toString(), e);
        }
    }

    private void enqueue(WindowSummary w) {
        List<CompletableFuture<QueuedMessage>> pending = new ArrayList<>(w.series().size());
        int tooLarge = 0;
        for (SeriesStats s : w.series()) {
            QueuedMessage m = AggregateEncoder.encode(instanceId, w, s, settings.aggregateMillis());
            if (m.payload().length > settings.maxMessageBytes()) {
                tooLarge++;
                LOG.warn("Uplink aggregate of {} {} for window {} is {} bytes, more than message.max.kilobytes allows;"
                        + " not sent (its telemetry still waits in the queue)", s.source(), s.topic(),
                        Instant.ofEpochMilli(w.startMillis()), m.payload().length);
                continue;
            }
            pending.add(queue.append(m));
        }
        int queuedNow = 0;
        String failure = null;
        for (CompletableFuture<QueuedMessage> f : pending) {
            try {
                f.get(settings.publishTimeoutMillis(), TimeUnit.MILLISECONDS);
                queuedNow++;
            } catch (ExecutionException e) {
                failure = String.valueOf(e.getCause().getMessage());
            } catch (TimeoutException e) {
                failure = "the store did not confirm within " + settings.publishTimeoutMillis() + " ms";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        queued.addAndGet(queuedNow);
        if (failure != null) {
            LOG.warn("Uplink aggregates for window {}: {} of {} not queued ({})", Instant.ofEpochMilli(w.startMillis()),
                    pending.size() - queuedNow, pending.size(), failure);
        }
        if (w.droppedMessages() > 0) {
            LOG.warn("Uplink aggregates for window {}: {} telemetry messages of series beyond the limit of {} "
                    + "(metered.aggregate.max.series) not summarised; their raw messages still wait in the queue",
                    Instant.ofEpochMilli(w.startMillis()), w.droppedMessages(), settings.aggregateMaxSeries());
        }
        LOG.debug("Uplink aggregates for window {}: {} series queued, {} too large", Instant.ofEpochMilli(w.startMillis()),
                queuedNow, tooLarge);
    }

    /**
     * Stops the timer; a window that ended before the stop is still summarised, the open one is kept for the next
     * start. Called once (the engine sees to it): a second save would overwrite what a successor took.
     */
    void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        emitAggregates();
        saveOpenWindow();
    }
}
