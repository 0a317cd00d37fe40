package org.cabinetgw.uplink;

import java.time.Instant;
import java.util.Objects;

/**
 * The uplink's state at one moment. Counters count since the uplink component started, except
 * {@code queuedMessages}/{@code queuedBytes} which describe what is on disk now.
 *
 * @param activeTransport  the transport messages go out on now
 * @param activeSince      when it became the active one
 * @param metered          true when the active link is metered and only some priorities go out
 * @param queuedMessages   messages stored and not yet acknowledged by the far side
 * @param queuedBytes      their encoded size in bytes
 * @param accepted         messages accepted by {@code publish}
 * @param delivered        messages acknowledged by the far side (PUBACK or HTTP 2xx)
 * @param refused          messages refused by {@code publish}
 * @param evicted          messages dropped from a full queue to make room for more important ones
 * @param deadLettered     messages the HTTP endpoint rejected for good, kept in the dead-letter store
 * @param corruptRecords   damaged records skipped while reading the queue files
 * @param switches         transport switches
 */
public record UplinkSnapshot(TransportKind activeTransport, Instant activeSince, boolean metered,
        long queuedMessages, long queuedBytes, long accepted, long delivered, long refused, long evicted,
        long deadLettered, long corruptRecords, long switches) {

    public UplinkSnapshot {
        Objects.requireNonNull(activeTransport, "activeTransport");
        Objects.requireNonNull(activeSince, "activeSince");
    }
}
