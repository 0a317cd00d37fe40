package org.cabinetgw.network.internal;

/** Applies the link manager's decisions to the system, or only reports them. */
interface RoutingBackend {

    /** {@code iproute2} or {@code simulated}: shown in events. */
    String name();

    /** True when {@link #makeDefault} really changes routing. */
    boolean applies();

    /**
     * Installs the link's own table (default route through it) and the rule sending traffic from its source
     * address there, so its probes leave through it whatever the default route is. Idempotent: called again
     * whenever the link comes back, because the kernel drops routes of an interface that went down.
     */
    void prepare(LinkRoute route) throws RoutingException;

    /** Points the main table's default route at the link. */
    void makeDefault(LinkRoute route) throws RoutingException;

    /** Removes what {@link #prepare} installed (the link was removed from the configuration). */
    void remove(LinkRoute route) throws RoutingException;
}
