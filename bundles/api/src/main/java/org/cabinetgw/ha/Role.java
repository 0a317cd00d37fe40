package org.cabinetgw.ha;

/** A node's role in the pair. Only {@link #ACTIVE} and {@link #STANDALONE} act for the cabinet. */
public enum Role {
    /** No pair configured: the node is alone and acts, exactly as a gateway without the ha bundle. */
    STANDALONE,
    /** Just started: listening for the peer before choosing; acts for nothing yet. */
    STARTING,
    /** The peer is (or may be) active; this node watches and is ready to take over. */
    STANDBY,
    /** This node acts for the cabinet: the components that act on shared things run here. */
    ACTIVE,
    /**
     * This node was active and stopped acting: it saw a higher epoch, handed over in a planned switchover, or
     * stepped down while it could reach neither the peer nor the witness. It becomes STANDBY once it hears the peer.
     */
    DEMOTED;

    /** Whether a node in this role acts for the cabinet (the {@link HaPair#ACTIVE_CONDITION} is registered). */
    public boolean acts() {
        return this == ACTIVE || this == STANDALONE;
    }
}
