package org.cabinetgw.ha.internal;

/** Why a datagram on a heartbeat path was refused. Each is counted, per path and in total. */
enum Refusal {
    /** Longer than any heartbeat can be: never parsed. */
    OVERSIZED,
    /** Shorter than its fields say, or than the smallest heartbeat. */
    TRUNCATED,
    /** Not a heartbeat: wrong magic, a length field out of range, an unknown role, trailing bytes. */
    MALFORMED,
    /** A heartbeat of a protocol version this node does not speak. */
    BAD_VERSION,
    /** The HMAC does not match: not from a holder of the pair key, or altered on the way. */
    BAD_MAC,
    /** Authenticated, but for another pair id (a key reused across pairs). */
    FOREIGN_PAIR,
    /** Carries this node's own id: a loop, or this node's heartbeat sent back. */
    SELF,
    /** Sent for another path than the one it arrived on. */
    WRONG_PATH,
    /** Not newer than the last heartbeat accepted on this path: a replay or a reordered copy. */
    REPLAY
}
