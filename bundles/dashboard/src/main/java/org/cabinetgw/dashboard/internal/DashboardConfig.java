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

    @AttributeDefinition(name = "Sample interval (s)", description = "How often the plotted values are sampled, 1..60.",
            min = "1", max = "60")
    int sample_seconds() default 5;

    @AttributeDefinition(name = "History (min)", description = "How far back the plots reach, 1..1440 minutes.",
            min = "1", max = "1440")
    int history_minutes() default 60;

    @AttributeDefinition(name = "Most series", description = "At most this many plotted series are kept (each meter "
            + "value, link and uplink figure is one), 1..1000.", min = "1", max = "1000")
    int max_series() default 96;

    @AttributeDefinition(name = "Most live streams", description = "At most this many browsers receive live updates "
            + "at once (one server thread each), 1..64; more are refused with 503 and retry.", min = "1", max = "64")
    int max_streams() default 8;
}
