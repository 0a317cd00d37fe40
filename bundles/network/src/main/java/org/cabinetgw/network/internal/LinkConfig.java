package org.cabinetgw.network.internal;

import org.cabinetgw.network.LinkType;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(
        id = LinkComponent.PID,
        name = "Cabinet Gateway network link",
        description = "One uplink (wired, cellular or Wi-Fi), probed all the time through its own interface. "
                + "Create one configuration per link.")
@interface LinkConfig {

    @AttributeDefinition(name = "Name", description = "Short name of the link, unique on this gateway; shown in "
            + "health as link.<name> and in events. Letters, digits, '.', '_' and '-', at most 32.")
    String name() default "wired";

    @AttributeDefinition(name = "Interface", description = "The Linux interface of the link, e.g. eth0 or wwan0.")
    String interface_name() default "eth0";

    @AttributeDefinition(name = "Type", description = "What the link runs over.")
    LinkType type() default LinkType.WIRED;

    /** The range of priority, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PRIORITY_MIN = 1, PRIORITY_MAX = 100;

    @AttributeDefinition(name = "Priority", description = "Lower is preferred: the manager uses the usable link "
            + "with the lowest number and fails back to it once it has been healthy for the hold time.",
            min = "" + PRIORITY_MIN, max = "" + PRIORITY_MAX)
    int priority() default 1;

    @AttributeDefinition(name = "Metered", description = "Traffic over this link costs money (cellular plans): "
            + "the uplink sends less while it is active, and it is probed at the metered interval while "
            + "fast probing buys nothing.")
    boolean metered() default false;

    @AttributeDefinition(name = "Gateway", description = "Next hop (numeric IP address). Empty for a "
            + "point-to-point link (cellular wwan, ppp): routes then name the device only.", required = false)
    String gateway() default "";

    @AttributeDefinition(name = "Source address", description = "The link's own address that probes bind to "
            + "and its routing rule matches. Empty: the interface's first IPv4 address, followed when it changes.",
            required = false)
    String source_address() default "";

    /** The range of routing.table, for the Metatype and the settings check (CHANGES.md rule 3). */
    int ROUTING_TABLE_MIN = 0, ROUTING_TABLE_MAX = 252;

    @AttributeDefinition(name = "Routing table", description = "The link's own routing table (iproute2 backend); "
            + "its rule gets preference 1000 + table. 0: 100 + priority.",
            min = "" + ROUTING_TABLE_MIN, max = "" + ROUTING_TABLE_MAX)
    int routing_table() default 0;

    @AttributeDefinition(name = "Probe targets", description = "tcp://host:port, http://host[:port]/path, "
            + "https://host[:port]/path or dns://server[:port]/name; 1 to 8. The link is down only when all "
            + "fail. Use targets on different networks: one dead server is not a dead link.")
    String[] probe_targets() default {"tcp://1.1.1.1:443", "tcp://9.9.9.9:443"};

    /** The range of probe.interval.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROBE_INTERVAL_MILLIS_MIN = 20, PROBE_INTERVAL_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Probe interval (ms)", description = "Time between probe rounds.",
            min = "" + PROBE_INTERVAL_MILLIS_MIN, max = "" + PROBE_INTERVAL_MILLIS_MAX)
    int probe_interval_millis() default 200;

    /** The range of probe.metered.interval.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROBE_METERED_INTERVAL_MILLIS_MIN = 20, PROBE_METERED_INTERVAL_MILLIS_MAX = 3_600_000;

    @AttributeDefinition(name = "Metered probe interval (ms)", description = "Time between rounds on a metered "
            + "link that is in standby or is the only usable link. Not below the probe interval.",
            min = "" + PROBE_METERED_INTERVAL_MILLIS_MIN, max = "" + PROBE_METERED_INTERVAL_MILLIS_MAX)
    int probe_metered_interval_millis() default 300000;

    /** The range of probe.timeout.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROBE_TIMEOUT_MILLIS_MIN = 10, PROBE_TIMEOUT_MILLIS_MAX = 30_000;

    @AttributeDefinition(name = "Probe timeout (ms)", description = "How long a probe waits for its answer. "
            + "Raise it on links with long round trips (satellite, congested cellular).",
            min = "" + PROBE_TIMEOUT_MILLIS_MIN, max = "" + PROBE_TIMEOUT_MILLIS_MAX)
    int probe_timeout_millis() default 300;

    /** The range of probe.http.status, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROBE_HTTP_STATUS_MIN = 100, PROBE_HTTP_STATUS_MAX = 599;

    @AttributeDefinition(name = "Expected HTTP status", description = "Status an http(s) target must answer.",
            min = "" + PROBE_HTTP_STATUS_MIN, max = "" + PROBE_HTTP_STATUS_MAX)
    int probe_http_status() default 204;

    /** The range of probe.window.rounds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int PROBE_WINDOW_ROUNDS_MIN = 2, PROBE_WINDOW_ROUNDS_MAX = 1000;

    @AttributeDefinition(name = "Window (rounds)", description = "Rounds over which loss and latency are computed.",
            min = "" + PROBE_WINDOW_ROUNDS_MIN, max = "" + PROBE_WINDOW_ROUNDS_MAX)
    int probe_window_rounds() default 20;

    /** The range of down.after.rounds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DOWN_AFTER_ROUNDS_MIN = 1, DOWN_AFTER_ROUNDS_MAX = 100;

    @AttributeDefinition(name = "Down after (rounds)", description = "Consecutive failed rounds that declare the "
            + "link down. A missing carrier declares it down at once.",
            min = "" + DOWN_AFTER_ROUNDS_MIN, max = "" + DOWN_AFTER_ROUNDS_MAX)
    int down_after_rounds() default 2;

    /** The range of up.after.rounds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int UP_AFTER_ROUNDS_MIN = 1, UP_AFTER_ROUNDS_MAX = 1000;

    @AttributeDefinition(name = "Up after (rounds)", description = "Consecutive good rounds that bring a down "
            + "link back.", min = "" + UP_AFTER_ROUNDS_MIN, max = "" + UP_AFTER_ROUNDS_MAX)
    int up_after_rounds() default 5;

    /** The range of degraded.loss.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    double DEGRADED_LOSS_PERCENT_MIN = 1, DEGRADED_LOSS_PERCENT_MAX = 100;

    @AttributeDefinition(name = "Degraded loss (%)", description = "Loss over the window from which an "
            + "answering link is DEGRADED.", min = "" + DEGRADED_LOSS_PERCENT_MIN, max = "" + DEGRADED_LOSS_PERCENT_MAX)
    double degraded_loss_percent() default 20.0;

    /** The range of degraded.latency.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DEGRADED_LATENCY_MILLIS_MIN = 1, DEGRADED_LATENCY_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Degraded latency (ms)", description = "Mean latency over the window from "
            + "which an answering link is DEGRADED.",
            min = "" + DEGRADED_LATENCY_MILLIS_MIN, max = "" + DEGRADED_LATENCY_MILLIS_MAX)
    int degraded_latency_millis() default 500;

    /** The range of flap.window.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FLAP_WINDOW_SECONDS_MIN = 1, FLAP_WINDOW_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Flap window (s)", description = "Downs within this time count as flaps.",
            min = "" + FLAP_WINDOW_SECONDS_MIN, max = "" + FLAP_WINDOW_SECONDS_MAX)
    int flap_window_seconds() default 60;

    /** The range of flap.hold.initial.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FLAP_HOLD_INITIAL_SECONDS_MIN = 0, FLAP_HOLD_INITIAL_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Flap hold-down (s)", description = "A link that goes down a second time within "
            + "the flap window is held down this long; each further down doubles it. 0 disables damping.",
            min = "" + FLAP_HOLD_INITIAL_SECONDS_MIN, max = "" + FLAP_HOLD_INITIAL_SECONDS_MAX)
    int flap_hold_initial_seconds() default 10;

    /** The range of flap.hold.max.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int FLAP_HOLD_MAX_SECONDS_MIN = 0, FLAP_HOLD_MAX_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Longest flap hold-down (s)", description = "The hold-down never exceeds this.",
            min = "" + FLAP_HOLD_MAX_SECONDS_MIN, max = "" + FLAP_HOLD_MAX_SECONDS_MAX)
    int flap_hold_max_seconds() default 300;
}
