package org.cabinetgw.dashboard.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = Dashboard.PID,
        name = "Cabinet Gateway dashboard",
        description = "The cabinet dashboard at / and /cabinet: state, findings, plots of the last hour, live updates.")
@interface DashboardConfig {

    @AttributeDefinition(name = "Allow anonymous read", description = "Let anyone who reaches the gateway read the "
            + "dashboard without logging in (a trusted network only). Running a drill always needs the web console's "
            + "administrator.")
    boolean allow_anonymous_read() default false;

    /** The range of sample.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int SAMPLE_SECONDS_MIN = 1, SAMPLE_SECONDS_MAX = 60;

    @AttributeDefinition(name = "Sample interval (s)", description = "How often the plotted values are sampled, 1..60.",
            min = "" + SAMPLE_SECONDS_MIN, max = "" + SAMPLE_SECONDS_MAX)
    int sample_seconds() default 5;

    /** The range of history.minutes, for the Metatype and the settings check (CHANGES.md rule 3). */
    int HISTORY_MINUTES_MIN = 1, HISTORY_MINUTES_MAX = 1440;

    @AttributeDefinition(name = "History (min)", description = "How far back the plots reach, 1..1440 minutes.",
            min = "" + HISTORY_MINUTES_MIN, max = "" + HISTORY_MINUTES_MAX)
    int history_minutes() default 60;

    /** The range of max.series, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAX_SERIES_MIN = 1, MAX_SERIES_MAX = 1000;

    @AttributeDefinition(name = "Most series", description = "At most this many plotted series are kept (each meter "
            + "value, link and uplink figure is one), 1..1000.", min = "" + MAX_SERIES_MIN, max = "" + MAX_SERIES_MAX)
    int max_series() default 96;

    /** The range of max.streams, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAX_STREAMS_MIN = 1, MAX_STREAMS_MAX = 64;

    @AttributeDefinition(name = "Most live streams", description = "At most this many browsers receive live updates "
            + "at once (one server thread each), 1..64; more are refused with 503 and retry.",
            min = "" + MAX_STREAMS_MIN, max = "" + MAX_STREAMS_MAX)
    int max_streams() default 8;
}
