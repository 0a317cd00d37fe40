package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.uplink.QueueContents;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;
import org.cabinetgw.uplink.internal.queue.SegmentedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue's contents for a {@link org.cabinetgw.uplink.QueueReplicator}'s catch-up: the published messages still
 * held, page by page in sequence order. The uplink's own aggregates are left out: they were never published, so the
 * standby's replica never held them either (a new active summarises its own).
 */
final class QueueSnapshot implements QueueContents {

    private static final Logger LOG = LoggerFactory.getLogger(QueueSnapshot.class);
    private static final int PAGE = 256;
    private final SegmentedLog queue;

    QueueSnapshot(SegmentedLog queue) {
        this.queue = queue;
    }

    @Override
    public long forEachUnacknowledged(Consumer<Message> to) {
        long after = 0;
        long handed = 0;
        while (true) {
            List<QueuedMessage> page;
            try {
                page = queue.peek(after, PAGE, (seq, priority, aggregate) -> !aggregate);
            } catch (IOException e) {
                throw new UncheckedIOException("the uplink queue cannot be read for the standby's catch-up", e);
            }
            if (page.isEmpty()) {
                return handed;
            }
            for (QueuedMessage q : page) {
                after = q.seq();
                Message m;
                try {
                    m = MessageDecoder.decode(q.payload());
                } catch (IllegalArgumentException e) {
                    LOG.warn("Queued message {} cannot be decoded for the standby's catch-up: {}", q.id(), e.getMessage());
                    continue;
                }
                to.accept(m);
                handed++;
            }
        }
    }
}
