package org.cabinetgw.failover;

/** Event Admin topics and property keys of the failover area. Times are epoch milliseconds (Long). */
public final class FailoverEvents {

    private FailoverEvents() {
    }

    /** Topic prefix of every failover event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/failover/";

    /** The cabinet state or its lost redundancy changed. Keys: STATE, PREVIOUS_STATE, SUMMARY, SINCE, LOST_&lt;DIMENSION&gt;. */
    public static final String CABINET_CHANGED = TOPIC_PREFIX + "CABINET_CHANGED";
    /** An episode began. Keys: EPISODE, DIMENSION, WHAT, FIRST_SEEN, DECLARED. */
    public static final String EPISODE_STARTED = TOPIC_PREFIX + "EPISODE_STARTED";
    /** An episode ended (service restored, escalated, drill finished). Keys as EPISODE_STARTED plus RESTORED, OUTCOME, OUTAGE_MILLIS. */
    public static final String EPISODE_ENDED = TOPIC_PREFIX + "EPISODE_ENDED";
    /** A rule acted. Keys: RULE, ACTION, TARGET, REASON. */
    public static final String ACTION = TOPIC_PREFIX + "ACTION";
    /** A link failover with its timings. Keys: LINK, TO_LINK, FIRST_SEEN, DECLARED, SWITCHED, FAULT_TO_SWITCH_MILLIS. */
    public static final String LINK_FAILOVER = TOPIC_PREFIX + "LINK_FAILOVER";
    /** A component stayed DOWN past its restart budget: the coordinator stopped trying. Keys: RULE, TARGET, REASON. */
    public static final String ESCALATED = TOPIC_PREFIX + "ESCALATED";
    /** Deadlocked threads were found. Keys: THREADS, REASON. */
    public static final String DEADLOCK = TOPIC_PREFIX + "DEADLOCK";
    /** A drill started. Keys: DRILL. */
    public static final String DRILL_STARTED = TOPIC_PREFIX + "DRILL_STARTED";
    /** A drill ended (also when refused). Keys: DRILL, OUTCOME, REASON, FAILOVER_MILLIS, FAILBACK_MILLIS. */
    public static final String DRILL_FINISHED = TOPIC_PREFIX + "DRILL_FINISHED";
    /**
     * This gateway took over from its peer (the HARDWARE dimension), with the timings of the takeover episode. Posted
     * when the episode ends: at the first message the broker acknowledged from this node, or when none came in time.
     * Keys: EPISODE, PEER, CAUSE, FIRST_SEEN (peer last heard), DECLARED (declared dead), CONFIRMED (the witness, the
     * hand-over or the policy allowed it), ACTIVE (this node ACTIVE), COMPONENTS_UP (the uplink's MQTT transport up;
     * absent when not seen), FIRST_ACK (absent when none), TAKEOVER_MILLIS (first seen to the first
     * acknowledgement, or to ACTIVE without one).
     * @since 1.1
     */
    public static final String TAKEOVER = TOPIC_PREFIX + "TAKEOVER";
    /** Damaged lines were skipped while reading the history. Keys: COUNT, REASON. */
    public static final String HISTORY_CORRUPT = TOPIC_PREFIX + "HISTORY_CORRUPT";

    /** String: {@link CabinetState} name. */
    public static final String STATE = "state";
    /** String: {@link CabinetState} name before the change. */
    public static final String PREVIOUS_STATE = "previous.state";
    /** String: the lost redundancy in one line ({@link CabinetStatus#summary()}). */
    public static final String SUMMARY = "summary";
    /** Prefix of the String[] keys naming what is lost per dimension: {@code lost.POWER}, {@code lost.NETWORK} ... */
    public static final String LOST_PREFIX = "lost.";
    /** Long: since when. */
    public static final String SINCE = "since";
    /** String: an episode id. */
    public static final String EPISODE = "episode";
    /** String: {@link Dimension} name. */
    public static final String DIMENSION = "dimension";
    /** String: what failed. */
    public static final String WHAT = "what";
    /** Long: fault first seen. */
    public static final String FIRST_SEEN = "first.seen";
    /** Long: fault declared. */
    public static final String DECLARED = "declared";
    /** Long: service restored. */
    public static final String RESTORED = "restored";
    /** Long: route switched. */
    public static final String SWITCHED = "switched";
    /** Long: milliseconds from first seen to restored. */
    public static final String OUTAGE_MILLIS = "outage.ms";
    /** Long: milliseconds from fault first seen to route switched. */
    public static final String FAULT_TO_SWITCH_MILLIS = "fault.to.switch.ms";
    /** String: the link that failed. */
    public static final String LINK = "link";
    /** String: the link traffic moved to. */
    public static final String TO_LINK = "to.link";
    /** String: the configured rule's name. */
    public static final String RULE = "rule";
    /** String: the action, e.g. {@code ALARM}, {@code STOP_BUNDLES}, {@code START_BUNDLES}, {@code RESTART_BUNDLE}. */
    public static final String ACTION_KIND = "action";
    /** String: what the action was applied to (a bundle's symbolic name, a component). */
    public static final String TARGET = "target";
    /** String: why, in a sentence. */
    public static final String REASON = "reason";
    /** String: an outcome ({@link DrillResult.Outcome} name for drills). */
    public static final String OUTCOME = "outcome";
    /** String: {@link DrillKind} name. */
    public static final String DRILL = "drill";
    /** Long: drill failover time. */
    public static final String FAILOVER_MILLIS = "failover.ms";
    /** Long: drill fail-back time. */
    public static final String FAILBACK_MILLIS = "failback.ms";
    /** String[]: names of deadlocked threads. */
    public static final String THREADS = "threads";
    /** Long: how many. */
    public static final String COUNT = "count";
    /** String: the pair's other node. */
    public static final String PEER = "peer";
    /** String: what allowed a takeover: {@code witness}, {@code handover}, {@code policy}. */
    public static final String CAUSE = "cause";
    /** Long: the witness (or the hand-over, or the policy) allowed the takeover. */
    public static final String CONFIRMED = "confirmed";
    /** Long: this node became ACTIVE. */
    public static final String ACTIVE = "active";
    /** Long: the components acting for the cabinet were up (the uplink's MQTT transport connected). */
    public static final String COMPONENTS_UP = "components.up";
    /** Long: the broker acknowledged the first message from the new active. */
    public static final String FIRST_ACK = "first.ack";
    /** Long: milliseconds from the peer last heard to the first acknowledged message (or to ACTIVE). */
    public static final String TAKEOVER_MILLIS = "takeover.ms";
}
