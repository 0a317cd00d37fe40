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

    @AttributeDefinition(name = "Priority", description = "Lower is preferred: the manager uses the usable link "
            + "with the lowest number and fails back to it once it has been healthy for the hold time.",
            min = "1", max = "100")
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

    @AttributeDefinition(name = "Routing table", description = "The link's own routing table (iproute2 backend); "
            + "its rule gets preference 1000 + table. 0: 100 + priority.", min = "0", max = "252")
    int routing_table() default 0;

    @AttributeDefinition(name = "Probe targets", description = "tcp://host:port, http://host[:port]/path, "
            + "https://host[:port]/path or dns://server[:port]/name; 1 to 8. The link is down only when all "
            + "fail. Use targets on different networks: one dead server is not a dead link.")
    String[] probe_targets() default {"tcp://1.1.1.1:443", "tcp://9.9.9.9:443"};

    @AttributeDefinition(name = "Probe interval (ms)", description = "Time between probe rounds.",
            min = "20", max = "60000")
    int probe_interval_ms() default 200;

    @AttributeDefinition(name = "Metered probe interval (ms)", description = "Time between rounds on a metered "
            + "link that is in standby or is the only usable link. Not below the probe interval.",
            min = "20", max = "3600000")
    int probe_metered_interval_ms() default 300000;

    @AttributeDefinition(name = "Probe timeout (ms)", description = "How long a probe waits for its answer. "
            + "Raise it on links with long round trips (satellite, congested cellular).", min = "10", max = "30000")
    int probe_timeout_ms() default 300;

    @AttributeDefinition(name = "Expected HTTP status", description = "Status an http(s) target must answer.",
            min = "100", max = "599")
    int probe_http_status() default 204;

    @AttributeDefinition(name = "Window (rounds)", description = "Rounds over which loss and latency are computed.",
            min = "2", max = "1000")
    int probe_window_rounds() default 20;

    @AttributeDefinition(name = "Down after (rounds)", description = "Consecutive failed rounds that declare the "
            + "link down. A missing carrier declares it down at once.", min = "1", max = "100")
    int down_after_rounds() default 2;

    @AttributeDefinition(name = "Up after (rounds)", description = "Consecutive good rounds that bring a down "
            + "link back.", min = "1", max = "1000")
    int up_after_rounds() default 5;

    @AttributeDefinition(name = "Degraded loss (%)", description = "Loss over the window from which an "
            + "answering link is DEGRADED.", min = "1", max = "100")
    double degraded_loss_percent() default 20.0;

    @AttributeDefinition(name = "Degraded latency (ms)", description = "Mean latency over the window from "
            + "which an answering link is DEGRADED.", min = "1", max = "60000")
    int degraded_latency_ms() default 500;

    @AttributeDefinition(name = "Flap window (s)", description = "Downs within this time count as flaps.",
            min = "1", max = "86400")
    int flap_window_s() default 60;

    @AttributeDefinition(name = "Flap hold-down (s)", description = "A link that goes down a second time within "
            + "the flap window is held down this long; each further down doubles it. 0 disables damping.",
            min = "0", max = "86400")
    int flap_hold_initial_s() default 10;

    @AttributeDefinition(name = "Longest flap hold-down (s)", description = "The hold-down never exceeds this.",
            min = "0", max = "86400")
    int flap_hold_max_s() default 300;
}
