package org.cabinetgw.dashboard.internal;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.cabinetgw.support.internal.threads.NamedThreads;

/**
 * What the dashboard runs with one configuration: the settings, the refused setting if any, the plotted history,
 * the live streams and the sampler. A new configuration makes a new one in place of the old (the component's
 * {@code @Modified}), so the servlet's registration stays and the page keeps answering; the history and the open
 * live pages are carried over when the new settings still fit them.
 */
final class Running {

    final Settings settings;
    /** the refused setting's sentence, "" when the configuration was taken */
    final String refused;
    final HistoryRings rings;
    final StreamHub hub;
    private final ScheduledExecutorService sampling;

    private Running(Settings settings, String refused, HistoryRings rings, StreamHub hub,
            Supplier<Sources> sources, Clock clock) {
        this.settings = settings;
        this.refused = refused;
        this.rings = rings;
        this.hub = hub;
        Sampler sampler = new Sampler(rings);
        sampling = NamedThreads.singleScheduler("cabinetgw-dashboard-sampler");
        sampling.scheduleWithFixedDelay(() -> {
            sampler.sample(sources.get(), clock.instant());
            hub.publish("sample", "{\"at\":" + clock.millis() + "}");
        }, 0, settings.sampleSeconds(), TimeUnit.SECONDS);
    }

    static Running start(Settings settings, String refused, Supplier<Sources> sources, Clock clock) {
        return new Running(settings, refused, new HistoryRings(settings.pointsPerSeries(), settings.maxSeries()),
                new StreamHub(settings.maxStreams()), sources, clock);
    }

    /**
     * The successor with new settings: this one's history when its shape is unchanged (anonymous read switched on
     * should not wipe the plots), its live pages when their bound is unchanged. This one stops sampling; a stream
     * hub not carried over is closed (the pages reconnect, as a browser's EventSource does by itself).
     */
    Running next(Settings next, String nextRefused, Supplier<Sources> sources, Clock clock) {
        sampling.shutdownNow();
        boolean sameShape = next.pointsPerSeries() == settings.pointsPerSeries()
                && next.maxSeries() == settings.maxSeries();
        boolean sameBound = next.maxStreams() == settings.maxStreams();
        if (!sameBound) {
            hub.close();
        }
        return new Running(next, nextRefused,
                sameShape ? rings : new HistoryRings(next.pointsPerSeries(), next.maxSeries()),
                sameBound ? hub : new StreamHub(next.maxStreams()), sources, clock);
    }

    void stop() {
        sampling.shutdownNow();
        hub.close();
    }
}
