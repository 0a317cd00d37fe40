package org.cabinetgw.network.internal;

import java.util.Optional;

import org.cabinetgw.network.LinkStatus;

/**
 * The "covered by" rule, written once for every health entry of a link (the link manager's link entries and the
 * cellular watcher's modem entry): the loss of a link is covered while another link is active and carries the
 * traffic. Such a loss is DEGRADED, not DOWN (the core README's health rule: 503 only when the gateway cannot do
 * its job), and its reason says which link covers it. Pure: given the lost link's name and the active link's
 * status as the link manager knows it.
 */
final class LinkCoverage {

    private LinkCoverage() {
    }

    /**
     * The link that covers the loss of {@code lost}: the active link when it is another one and usable (UP or
     * DEGRADED: it carries the traffic); empty when there is no active link, it is {@code lost} itself, or it is
     * down too.
     */
    static Optional<String> coveringLink(String lost, Optional<LinkStatus> active) {
        return active.filter(a -> !a.name().equals(lost) && a.state().usable()).map(LinkStatus::name);
    }

    /** The reason of a covered loss: what was lost and why, then which link covers it. */
    static String coveredReason(String reason, String carrier) {
        return reason + "; covered by " + carrier;
    }
}
