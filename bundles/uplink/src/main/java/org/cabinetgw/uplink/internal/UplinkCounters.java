package org.cabinetgw.uplink.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.UplinkSnapshot;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;

/**
 * What the uplink counts since its start: messages accepted, refused, delivered and dead-lettered, and
 * switches of the active transport; with the queue's own counts they make the {@link UplinkSnapshot}.
 * Thread-safe: each count is atomic on its own.
 */
final class UplinkCounters {

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong deadLettered = new AtomicLong();
    final AtomicLong switches = new AtomicLong();

    UplinkSnapshot snapshot(TransportKind active, Instant activeSince, boolean metered, SegmentedLog queue) {
        return new UplinkSnapshot(active, activeSince, metered, queue.size(), queue.bytes(), accepted.get(),
                delivered.get(), refused.get(), queue.evicted(), deadLettered.get(), queue.corruptRecords(),
                switches.get());
    }
}
