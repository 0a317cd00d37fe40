package org.cabinetgw.power;

/** Event Admin topics and property keys of the power area. */
public final class PowerEvents {

    private PowerEvents() {
    }

    /** Topic prefix of every power event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/power/";

    /** The cabinet's {@link PowerState} changed. Keys: STATE, PREVIOUS_STATE, SINCE, TIMESTAMP, REASON. */
    public static final String STATE_CHANGED = TOPIC_PREFIX + "STATE_CHANGED";

    /** A source's {@link SourceState} changed. Keys: ROLE, STATE, PREVIOUS_STATE, SINCE, TIMESTAMP, REASON. */
    public static final String SOURCE_CHANGED = TOPIC_PREFIX + "SOURCE_CHANGED";

    /**
     * The cabinet moved from mains to generator or back. Keys: FROM, TO, DURATION_MS (mains lost to generator
     * feeding; mains restored to back on mains), TIMESTAMP.
     */
    public static final String TRANSFER = TOPIC_PREFIX + "TRANSFER";

    /** The UPS stopped bridging (the cabinet left ON_UPS_BATTERY / BATTERY_LOW). Keys: DURATION_MS, TO, TIMESTAMP. */
    public static final String UPS_BRIDGED = TOPIC_PREFIX + "UPS_BRIDGED";

    /** A meter's readings went stale or fresh again. Keys: METER, ROLE, STALE, REASON, TIMESTAMP. */
    public static final String METER_STALE = TOPIC_PREFIX + "METER_STALE";

    /** String: a {@link PowerState} or {@link SourceState} name, the new one. */
    public static final String STATE = "state";
    /** String: the state before the change. */
    public static final String PREVIOUS_STATE = "previous.state";
    /** String: a {@link MeterRole} name. */
    public static final String ROLE = "role";
    /** String: a meter's name. */
    public static final String METER = "meter";
    /** Boolean: readings are stale. */
    public static final String STALE = "stale";
    /** Long: epoch milliseconds when the condition that caused the change was first seen (before any delay). */
    public static final String SINCE = "since";
    /** Long: epoch milliseconds when the change was decided. */
    public static final String TIMESTAMP = "timestamp";
    /** String: why, in a sentence. */
    public static final String REASON = "reason";
    /** String: a {@link PowerState} name, the state left. */
    public static final String FROM = "from";
    /** String: a {@link PowerState} name, the state entered. */
    public static final String TO = "to";
    /** Long: a duration in milliseconds. */
    public static final String DURATION_MS = "duration.ms";
}
