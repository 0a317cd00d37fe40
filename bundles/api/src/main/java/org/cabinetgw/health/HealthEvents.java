package org.cabinetgw.health;

/** Event Admin topics and property keys of the health area. */
public final class HealthEvents {

    private HealthEvents() {
    }

    /** Topic prefix of every health event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/health/";

    /** Posted by a contributor when its health changed. */
    public static final String CHANGED = TOPIC_PREFIX + "CHANGED";

    /** Posted by the registry when the aggregated cabinet health changed. */
    public static final String CABINET_CHANGED = TOPIC_PREFIX + "CABINET_CHANGED";

    /** Posted when a configuration was refused because a value is invalid. */
    public static final String CONFIGURATION_REFUSED = TOPIC_PREFIX + "CONFIGURATION_REFUSED";

    /** String: the component's name ({@link HealthContributor#COMPONENT}). */
    public static final String COMPONENT = "component";
    /** String: {@link HealthState} name. */
    public static final String STATE = "state";
    /** String: {@link HealthState} name before the change. */
    public static final String PREVIOUS_STATE = "previous.state";
    /** String: the reason. */
    public static final String REASON = "reason";
    /** Long: epoch milliseconds of {@link Health#since()}. */
    public static final String SINCE = "since";
    /** String: the PID whose configuration was refused. */
    public static final String PID = "pid";
    /** String: the attribute that was refused. */
    public static final String ATTRIBUTE = "attribute";
}
