package org.cabinetgw.failover.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.failover.CabinetState;
import org.cabinetgw.failover.CabinetStatus;
import org.cabinetgw.failover.Dimension;
import org.cabinetgw.failover.Finding;
import org.cabinetgw.power.PowerState;

/**
 * When the cabinet state goes to the cloud. A change of state, or of what is lost (a finding that appears,
 * goes or changes severity), or of the power source feeding the cabinet (UPS battery to generator is the same
 * severity in the same dimension, but a different cabinet), goes out at once. A change of wording only (a component's reason: an error's
 * text, a count) goes out at most once per {@link #WORDING_INTERVAL}, with the wording of that moment.
 * <p>
 * Why: the state is sent through the uplink, and the uplink's reason counted the messages waiting. With the
 * broker away every state message changed that count, so the reason, so the state: a new message four times
 * a second, for as long as the broker was away, all of it queued for the day it came back.
 */
final class StatePublication {

    static final Duration WORDING_INTERVAL = Duration.ofSeconds(60);

    private CabinetStatus published;
    private PowerState publishedSource;
    private Instant publishedAt = Instant.MIN;

    private record Loss(Dimension dimension, CabinetState severity) {
    }

    /**
     * True when {@code current} should be sent now; it then counts as sent.
     *
     * @param source the power state the status was assessed with; null without a power monitor
     */
    synchronized boolean due(CabinetStatus current, PowerState source, Instant now) {
        if (current == null || current.equals(published)) {
            return false;
        }
        boolean material = published == null || published.state() != current.state()
                || !losses(published).equals(losses(current)) || source != publishedSource;
        if (!material && now.isBefore(publishedAt.plus(WORDING_INTERVAL))) {
            return false;
        }
        published = current;
        publishedSource = source;
        publishedAt = now;
        return true;
    }

    private static List<Loss> losses(CabinetStatus s) {
        return s.findings().stream().map((Finding f) -> new Loss(f.dimension(), f.severity())).toList();
    }
}
