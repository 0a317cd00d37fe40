package org.cabinetgw.ha.internal;

import org.cabinetgw.ha.Role;

/**
 * What a node says about itself on one path, every interval.
 *
 * @param pairId      the pair the sender belongs to
 * @param nodeId      the sender
 * @param path        index of the path it is sent on (a copy injected on another path is refused)
 * @param incarnation the sender's durable start counter: raised at each start, so sequence numbers never repeat
 * @param seq         per sender start, raised for every datagram
 * @param epoch       the sender's epoch
 * @param role        the sender's role
 * @param priority    the sender's election priority (higher wins)
 * @param handover    the sender is ACTIVE-turned-DEMOTED in a planned switchover and asks the receiver to take over
 */
record Heartbeat(String pairId, String nodeId, int path, long incarnation, long seq, long epoch, Role role,
        int priority, boolean handover) {
}
