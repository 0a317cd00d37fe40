package org.cabinetgw.failover;

/** What a failover drill provokes. */
public enum DrillKind {
    /** The preferred (wired) link is forced down in the link manager; traffic must move and come back. */
    LINK,
    /** The MQTT transport is suspended; HTTP must take over, and MQTT must come back. */
    UPLINK
}
