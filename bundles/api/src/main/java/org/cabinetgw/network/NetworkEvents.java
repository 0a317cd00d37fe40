package org.cabinetgw.network;

/** Event Admin topics and property keys of the network area. Times are epoch milliseconds (Long). */
public final class NetworkEvents {

    private NetworkEvents() {
    }

    /** Topic prefix of every network event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/network/";

    /** A link's state changed (UP, DEGRADED, HELD_DOWN, DOWN). */
    public static final String LINK_CHANGED = TOPIC_PREFIX + "LINK_CHANGED";

    /**
     * The active link changed: the default route was switched (or, with the {@code simulated} backend,
     * a switch is recommended: {@link #APPLIED} is false). Carries the timings of the fault that caused it.
     */
    public static final String SWITCHED = TOPIC_PREFIX + "SWITCHED";

    /** Every link is down: the gateway has no uplink. Probing goes on and recovery is automatic. */
    public static final String ALL_DOWN = TOPIC_PREFIX + "ALL_DOWN";

    /** The routing backend failed to apply a change (the route was not changed). */
    public static final String ROUTING_FAILED = TOPIC_PREFIX + "ROUTING_FAILED";

    /** Cellular modem state read from ModemManager changed (state, technology, registration, operator). */
    public static final String MODEM_CHANGED = TOPIC_PREFIX + "MODEM_CHANGED";

    /** The cellular bearer was reconnected because the link was down while the modem claimed it was connected. */
    public static final String BEARER_RESET = TOPIC_PREFIX + "BEARER_RESET";

    /** String: the link's name. */
    public static final String LINK = "link";
    /** String: {@link LinkType} name. */
    public static final String TYPE = "type";
    /** String: {@link LinkState} name. */
    public static final String STATE = "state";
    /** String: {@link LinkState} name before the change. */
    public static final String PREVIOUS_STATE = "previous.state";
    /** String: why. */
    public static final String REASON = "reason";
    /** Boolean: whether the (new) active link is metered. */
    public static final String METERED = "metered";
    /** Double: loss percentage over the window. */
    public static final String LOSS_PERCENT = "loss.percent";
    /** Long: mean latency over the window, -1 when unknown. */
    public static final String LATENCY_MILLIS = "latency.ms";

    /** String: the link that was active before a switch; absent when there was none. */
    public static final String PREVIOUS_LINK = "previous.link";
    /** String: why the switch happened, a {@link SwitchCause} name. */
    public static final String CAUSE = "cause";
    /** Boolean: true when the backend changed the route, false when it only recommends (simulated backend). */
    public static final String APPLIED = "applied";
    /** String: the routing backend, {@code iproute2} or {@code simulated}. */
    public static final String BACKEND = "backend";
    /** Long: when the first failed probe of the fault was sent (absent for a fail-back or recovery). */
    public static final String FAULT_FIRST_SEEN = "fault.first.seen";
    /** Long: when the failed link was declared down (absent for a fail-back or recovery). */
    public static final String DECLARED_DOWN = "declared.down";
    /** Long: when the route was switched. */
    public static final String ROUTE_SWITCHED = "route.switched";
    /** Long: milliseconds from fault first seen to route switched (absent when no fault caused the switch). */
    public static final String FAULT_TO_SWITCH_MILLIS = "fault.to.switch.ms";

    /** String: modem state as ModemManager names it, e.g. {@code connected}. */
    public static final String MODEM_STATE = "modem.state";
    /** String: access technologies, e.g. {@code lte}. */
    public static final String ACCESS_TECHNOLOGY = "access.technology";
    /** Integer: signal quality 0..100, -1 when unknown. */
    public static final String SIGNAL_QUALITY = "signal.quality";
    /** String: 3GPP registration state, e.g. {@code home}, {@code roaming}. */
    public static final String REGISTRATION = "registration";
    /** String: operator name. */
    public static final String OPERATOR = "operator";
    /** Integer: bearer resets left in the current budget period. */
    public static final String RESETS_LEFT = "resets.left";

    /** Why the active link changed. */
    public enum SwitchCause {
        /** The active link failed (or was forced down); traffic moved to the next healthy one. */
        FAILOVER,
        /** A more preferred link has been healthy for the hold time; traffic moved back to it. */
        FAILBACK,
        /** No link was active (all down, or start-up); one is healthy now. */
        RECOVERY
    }
}
