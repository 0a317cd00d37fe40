package org.cabinetgw.ha;

/** Event Admin topics and property keys of the ha area. Times are wall-clock epoch milliseconds (Long). */
public final class HaEvents {

    private HaEvents() {
    }

    /** Topic prefix of every ha event. */
    public static final String TOPIC_PREFIX = "org/cabinetgw/ha/";

    /** This node's role changed. Carries {@link #ROLE}, {@link #PREVIOUS_ROLE}, {@link #EPOCH}, {@link #REASON}. */
    public static final String ROLE_CHANGED = TOPIC_PREFIX + "ROLE_CHANGED";

    /** A heartbeat path went up or down. Carries {@link #PATH}, {@link #UP}, {@link #REASON}. */
    public static final String PATH_CHANGED = TOPIC_PREFIX + "PATH_CHANGED";

    /** The peer was silent on every path for the timeout. Carries {@link #PEER}, {@link #LAST_HEARD}. */
    public static final String PEER_LOST = TOPIC_PREFIX + "PEER_LOST";

    /** The peer is heard again. Carries {@link #PEER}, {@link #PEER_ROLE}. */
    public static final String PEER_BACK = TOPIC_PREFIX + "PEER_BACK";

    /**
     * This node took over: the new epoch is on disk and the node is ACTIVE. Carries {@link #EPOCH},
     * {@link #CAUSE}, {@link #LAST_HEARD}, {@link #DECLARED_DEAD}, {@link #CONFIRMED}, {@link #DETECTION_MILLIS}.
     */
    public static final String TAKEOVER = TOPIC_PREFIX + "TAKEOVER";

    /**
     * After a takeover, before this node acts: the old active's accepted, unacknowledged messages (the replica) were
     * handed to this node's uplink with their ids. Carries {@link #COUNT} (handed over: each a possible duplicate of
     * one the cloud saw) and {@link #REFUSED} (the uplink refused them; they stay in the replica).
     *
     * @since 1.3
     */
    public static final String REPLAYED = TOPIC_PREFIX + "REPLAYED";

    /** This node stopped acting. Carries {@link #EPOCH}, {@link #PEER_EPOCH} (when the peer's), {@link #REASON}. */
    public static final String DEMOTED = TOPIC_PREFIX + "DEMOTED";

    /**
     * Datagrams were refused on a path (at most one event a second per path and reason). Carries {@link #PATH},
     * {@link #REFUSAL}, {@link #COUNT} (refused with that reason since the last event), {@link #SOURCE}.
     */
    public static final String HEARTBEAT_REFUSED = TOPIC_PREFIX + "HEARTBEAT_REFUSED";

    /** String: a {@link Role} name. */
    public static final String ROLE = "role";
    /** String: the {@link Role} before the change. */
    public static final String PREVIOUS_ROLE = "previous.role";
    /** String: the peer's last announced {@link Role}. */
    public static final String PEER_ROLE = "peer.role";
    /** Long: this node's epoch (after the change). */
    public static final String EPOCH = "epoch";
    /** Long: the peer's epoch that caused a demotion. */
    public static final String PEER_EPOCH = "peer.epoch";
    /** String: this node's id. */
    public static final String NODE = "node";
    /** String: the peer's node id. */
    public static final String PEER = "peer";
    /** String: a heartbeat path's name. */
    public static final String PATH = "path";
    /** Boolean: whether the path is up. */
    public static final String UP = "up";
    /** String: why. */
    public static final String REASON = "reason";
    /** String: what made the takeover legitimate: {@code witness}, {@code handover}, {@code election}, {@code policy}. */
    public static final String CAUSE = "cause";
    /** Long: when the peer was last heard on any path. */
    public static final String LAST_HEARD = "last.heard";
    /** Long: when the peer was declared dead (silent on every path for the timeout). */
    public static final String DECLARED_DEAD = "declared.dead";
    /** Long: when the witness confirmed the peer is not acting (or the policy allowed the takeover). */
    public static final String CONFIRMED = "confirmed";
    /** Long: milliseconds from the peer last heard to this node ACTIVE. */
    public static final String DETECTION_MILLIS = "detection.ms";
    /** String: why a datagram was refused, e.g. {@code BAD_MAC}, {@code REPLAY}, {@code FOREIGN_PAIR}. */
    public static final String REFUSAL = "refusal";
    /** Long: how many. */
    public static final String COUNT = "count";
    /**
     * Long: how many were refused.
     *
     * @since 1.3
     */
    public static final String REFUSED = "refused";
    /** String: the sender's address as seen. */
    public static final String SOURCE = "source";
}
