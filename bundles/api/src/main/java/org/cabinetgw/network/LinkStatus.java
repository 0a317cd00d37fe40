package org.cabinetgw.network;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one link.
 *
 * @param name          the link's configured name, e.g. {@code wired}
 * @param type          the medium
 * @param interfaceName the Linux interface, e.g. {@code eth0} or {@code wwan0}
 * @param priority      lower is preferred (1 = first choice)
 * @param metered       true when traffic over this link costs money (cellular plans)
 * @param state         the link's state
 * @param reason        why it is in that state; empty when UP
 * @param since         when it entered that state
 * @param lossPercent   probe loss over the sliding window, 0..100
 * @param latencyMillis mean round-trip of the answered probes over the window; -1 when none answered
 */
public record LinkStatus(String name, LinkType type, String interfaceName, int priority, boolean metered,
        LinkState state, String reason, Instant since, double lossPercent, long latencyMillis) {

    public LinkStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        Objects.requireNonNull(since, "since");
    }
}
