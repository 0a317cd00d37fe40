package org.cabinetgw.ha;

/**
 * Whether the standby holds a replica of the active's uplink queue (as the active sees it).
 *
 * @since 1.2
 */
public enum ReplicationState {
    /** Not replicating: no pair, this node is not ACTIVE, or replication is off. */
    NONE,
    /** The standby is connected and holds every message this node accepted: {@code publish} waits for it. */
    IN_SYNC,
    /** The standby is connected and copying this node's queue; it does not count as in sync yet. */
    CATCHING_UP,
    /** No standby holds the replica (away, too slow, refused): this node carries on alone. */
    NOT_IN_SYNC
}
