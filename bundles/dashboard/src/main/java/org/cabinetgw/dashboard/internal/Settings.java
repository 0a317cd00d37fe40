package org.cabinetgw.dashboard.internal;

import org.cabinetgw.support.internal.settings.SettingRanges;

/**
 * The dashboard's settings, checked: a value out of range refuses the configuration with a message naming
 * the setting (the dashboard then runs on {@link #DEFAULTS}), so it never holds a history it cannot keep.
 */
record Settings(boolean allowAnonymousRead, int sampleSeconds, int historyMinutes, int maxSeries, int maxStreams) {

    /** What a refused configuration is replaced with: the page stays up, and closed to anonymous readers. */
    static final Settings DEFAULTS = new Settings(false, 5, 60, 96, 8);

    static Settings of(DashboardConfig c) {
        return new Settings(c.allow_anonymous_read(),
                range("sample.seconds", c.sample_seconds(),
                        DashboardConfig.SAMPLE_SECONDS_MIN, DashboardConfig.SAMPLE_SECONDS_MAX),
                range("history.minutes", c.history_minutes(),
                        DashboardConfig.HISTORY_MINUTES_MIN, DashboardConfig.HISTORY_MINUTES_MAX),
                range("max.series", c.max_series(), DashboardConfig.MAX_SERIES_MIN, DashboardConfig.MAX_SERIES_MAX),
                range("max.streams", c.max_streams(),
                        DashboardConfig.MAX_STREAMS_MIN, DashboardConfig.MAX_STREAMS_MAX));
    }

    /** Points per series: the history window over the sample interval. */
    int pointsPerSeries() {
        return Math.max(1, historyMinutes * 60 / sampleSeconds);
    }

    /** The one message of every bundle (bundles/support): {@code pid: name = value is out of range; allowed min..max}. */
    private static int range(String name, int value, int min, int max) {
        return SettingRanges.check(Dashboard.PID, name, value, min, max);
    }
}
