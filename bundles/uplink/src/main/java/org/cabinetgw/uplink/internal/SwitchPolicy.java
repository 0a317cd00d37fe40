package org.cabinetgw.uplink.internal;

import org.cabinetgw.uplink.TransportKind;

/**
 * Decides which transport is active: MQTT is primary; when it has not been able to deliver for
 * {@code failoverMillis}, HTTP takes over; MQTT comes back once it has been healthy without a break for
 * {@code holdMillis} (so a flapping broker does not drag traffic back and forth). Pure logic on the times
 * it is given: tested with made-up clocks, used by the dispatcher with the real one.
 */
final class SwitchPolicy {

    /** A change of the active transport. */
    record Switch(TransportKind from, TransportKind to, String reason) {
    }

    private final long failoverMillis;
    private final long holdMillis;
    private TransportKind active = TransportKind.NONE;
    private long primaryBadSince;
    private long primaryGoodSince = -1;

    SwitchPolicy(long failoverMillis, long holdMillis, long nowMillis) {
        this.failoverMillis = failoverMillis;
        this.holdMillis = holdMillis;
        // until MQTT proves itself, it has been "unable to deliver" since the start
        this.primaryBadSince = nowMillis;
    }

    TransportKind active() {
        return active;
    }

    /**
     * Feeds one observation; returns the switch to make, or null to stay.
     *
     * @param primaryPresent  an MQTT transport exists (configured and not being replaced)
     * @param primaryExpected an MQTT transport is configured but not added yet (its component activates after
     *                        the HTTP one at a start): the start waits for it, up to the failover time
     * @param primaryHealthy  it is connected, not suspended and its oldest unacknowledged message is younger
     *                        than the failover time
     * @param fallbackPresent an HTTP transport exists
     */
    Switch evaluate(long now, boolean primaryPresent, boolean primaryExpected, boolean primaryHealthy,
            boolean fallbackPresent) {
        boolean healthy = primaryPresent && primaryHealthy;
        if (healthy) {
            primaryBadSince = -1;
            if (primaryGoodSince < 0) {
                primaryGoodSince = now;
            }
        } else {
            primaryGoodSince = -1;
            if (primaryBadSince < 0) {
                primaryBadSince = now;
            }
        }
        TransportKind next = active;
        String reason = null;
        switch (active) {
            case NONE -> {
                if (primaryPresent && (healthy || !fallbackPresent || now - primaryBadSince < failoverMillis)) {
                    next = TransportKind.MQTT;
                    reason = "MQTT is configured";
                    if (!healthy) {
                        // it gets its full failover time from now on: it was late, it has not failed yet
                        primaryBadSince = now;
                    }
                } else if (fallbackPresent && !primaryPresent && primaryExpected
                        && now - primaryBadSince < failoverMillis) {
                    // MQTT is configured and on its way: the fallback is for a primary that failed, not a late one
                    next = TransportKind.NONE;
                } else if (fallbackPresent) {
                    next = TransportKind.HTTP;
                    reason = primaryPresent ? "MQTT has not delivered for " + (now - primaryBadSince) + " ms"
                            : primaryExpected ? "the configured MQTT transport did not start within "
                                    + (now - primaryBadSince) + " ms" : "no MQTT transport is configured";
                }
            }
            case MQTT -> {
                if (!primaryPresent && !fallbackPresent) {
                    next = TransportKind.NONE;
                    reason = "no transport is configured";
                } else if (!healthy && fallbackPresent && now - primaryBadSince >= failoverMillis) {
                    next = TransportKind.HTTP;
                    reason = "MQTT has not been able to deliver for " + (now - primaryBadSince) + " ms";
                }
            }
            case HTTP -> {
                if (!fallbackPresent) {
                    next = primaryPresent ? TransportKind.MQTT : TransportKind.NONE;
                    reason = "the HTTP transport went away";
                } else if (healthy && now - primaryGoodSince >= holdMillis) {
                    next = TransportKind.MQTT;
                    reason = "MQTT has been healthy for " + (now - primaryGoodSince) + " ms";
                }
            }
        }
        if (next == active) {
            return null;
        }
        Switch s = new Switch(active, next, reason);
        active = next;
        return s;
    }
}
