package org.cabinetgw.uplink;

/** Event Admin topics and property keys of the uplink area. */
public final class UplinkEvents {

    private UplinkEvents() {
    }

    /** Topic prefix of every uplink event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/uplink/";

    /** The active transport changed. Keys: FROM, TO, REASON, QUEUED. */
    public static final String TRANSPORT_SWITCHED = TOPIC_PREFIX + "TRANSPORT_SWITCHED";
    /** A transport was suspended through {@link UplinkControl}. Keys: TRANSPORT, REASON. */
    public static final String TRANSPORT_SUSPENDED = TOPIC_PREFIX + "TRANSPORT_SUSPENDED";
    /** A suspended transport was resumed. Keys: TRANSPORT. */
    public static final String TRANSPORT_RESUMED = TOPIC_PREFIX + "TRANSPORT_RESUMED";
    /** Queued messages were evicted to make room. Keys: PRIORITY, COUNT, REASON. */
    public static final String MESSAGES_EVICTED = TOPIC_PREFIX + "MESSAGES_EVICTED";
    /** The HTTP endpoint rejected a batch for good; it went to the dead-letter store. Keys: COUNT, STATUS, REASON. */
    public static final String DEAD_LETTERED = TOPIC_PREFIX + "DEAD_LETTERED";
    /** Damaged records were found and skipped while opening the queue. Keys: COUNT, REASON. */
    public static final String CORRUPTION_DETECTED = TOPIC_PREFIX + "CORRUPTION_DETECTED";
    /** Metered mode was entered or left. Keys: METERED. */
    public static final String METERED_CHANGED = TOPIC_PREFIX + "METERED_CHANGED";

    /**
     * A restriction through {@link UplinkControl#restrict} began, changed or ended. Keys: RESTRICTED,
     * ALLOWED, REASON.
     */
    public static final String RESTRICTION_CHANGED = TOPIC_PREFIX + "RESTRICTION_CHANGED";

    /** String: {@link TransportKind} name before a switch. */
    public static final String FROM = "from";
    /** String: {@link TransportKind} name after a switch. */
    public static final String TO = "to";
    /** String: {@link TransportKind} name. */
    public static final String TRANSPORT = "transport";
    /** String: a sentence saying why. */
    public static final String REASON = "reason";
    /** Long: messages waiting in the queue at that moment. */
    public static final String QUEUED = "queued";
    /** String: {@link org.cabinetgw.telemetry.Priority} name. */
    public static final String PRIORITY = "priority";
    /** Long: how many messages or records. */
    public static final String COUNT = "count";
    /** Integer: the HTTP status code. */
    public static final String STATUS = "status";
    /** Boolean: true when metered mode is now on. */
    public static final String METERED = "metered";
    /** Boolean: true while a restriction is in force. */
    public static final String RESTRICTED = "restricted";
    /** String[]: the {@link org.cabinetgw.telemetry.Priority} names allowed out (all of them when not restricted). */
    public static final String ALLOWED = "allowed";
}
