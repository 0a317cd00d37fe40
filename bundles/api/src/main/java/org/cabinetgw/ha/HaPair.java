package org.cabinetgw.ha;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the ha bundle: this node's view of the pair, and the planned switchover. */
@ProviderType
public interface HaPair {

    /**
     * The {@code osgi.condition.id} of the condition registered while this node acts for the cabinet (ACTIVE, or
     * STANDALONE without a pair). Components that act on shared things (the pair's cloud identity, the master
     * of a shared bus) require it, so they run on one node only.
     */
    String ACTIVE_CONDITION = "cabinetgw.active";

    /** The pair as this node sees it. Cheap, never blocks. */
    HaStatus status();

    /**
     * Hands the active role to the peer (planned maintenance). Refused unless this node is ACTIVE and the pair is
     * healthy: the peer STANDBY and heard on every path. Returns at once; the peer takes over within a few
     * heartbeat intervals and this node becomes STANDBY.
     */
    SwitchoverResult switchover();
}
