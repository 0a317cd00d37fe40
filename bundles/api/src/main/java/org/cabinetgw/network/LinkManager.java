package org.cabinetgw.network;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Provided by the network bundle: which link carries the gateway's traffic now, and a way to take a link
 * out of service for a failover drill.
 */
@ProviderType
public interface LinkManager {

    /** The link the default route points to; empty when every link is down (or none is configured). */
    Optional<LinkStatus> activeLink();

    /**
     * True when the active link is metered (cellular): the uplink should then send only what matters.
     * False when the active link is not metered and also when there is no active link.
     */
    boolean isActiveLinkMetered();

    /** Every configured link, in order of preference (priority, then name). */
    List<LinkStatus> links();

    /**
     * Takes a link out of service as if it had failed, for a failover drill: it goes {@link LinkState#HELD_DOWN},
     * traffic moves to the next healthy link, and it stays so until {@link #release(String)}. Probing goes on.
     *
     * @param link   the link's name
     * @param reason recorded in its health and in the events, e.g. {@code drill 2026-05-01}
     * @throws IllegalArgumentException when no link has that name
     */
    void forceDown(String link, String reason);

    /**
     * Ends a {@link #forceDown}: the link returns to what its probes say, and traffic comes back under the
     * usual rules (fail-back after the hold time). Releasing a link that is not forced down does nothing.
     *
     * @throws IllegalArgumentException when no link has that name
     */
    void release(String link);
}
