package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

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
        long[] handed = {0};
        forEachQueued("for the standby's catch-up", q -> {
            Message m;
            try {
                m = MessageDecoder.decode(q.payload());
            } catch (IllegalArgumentException e) {
                LOG.warn("Queued message {} cannot be decoded for the standby's catch-up: {}", q.id(), e.getMessage());
                return true;
            }
            to.accept(m);
            handed[0]++;
            return true;
        });
        return handed[0];
    }

    /**
     * Removes the queued messages with these ids as if the far side had acknowledged them (the pair's other node
     * delivers them: bundles/ha, after a takeover). Aggregates are never among them.
     */
    @Override
    public long discard(Collection<String> ids) {
        Set<String> wanted = new HashSet<>(ids);
        if (wanted.isEmpty()) {
            return 0;
        }
        List<Long> seqs = new ArrayList<>();
        forEachQueued("to discard what the pair delivers", q -> {
            if (wanted.remove(q.id())) {
                seqs.add(q.seq());
            }
            return !wanted.isEmpty();
        });
        queue.acknowledge(seqs);
        return seqs.size();
    }

    /** Every published message still queued, page by page in sequence order, while {@code each} returns true. */
    private void forEachQueued(String why, Predicate<QueuedMessage> each) {
        long after = 0;
        while (true) {
            List<QueuedMessage> page;
            try {
                page = queue.peek(after, PAGE, (seq, priority, aggregate) -> !aggregate);
            } catch (IOException e) {
                throw new UncheckedIOException("the uplink queue cannot be read " + why, e);
            }
            if (page.isEmpty()) {
                return;
            }
            for (QueuedMessage q : page) {
                after = q.seq();
                if (!each.test(q)) {
                    return;
                }
            }
        }
    }
}
