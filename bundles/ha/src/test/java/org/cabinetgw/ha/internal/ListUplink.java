package org.cabinetgw.ha.internal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Uplink;
import org.cabinetgw.uplink.QueueContents;

/**
 * A node's uplink as the contracts see it ({@link Uplink}, {@link QueueContents}): its durable queue, a list, and what
 * it was handed. Used by the stream and takeover tests.
 */
final class ListUplink implements Uplink, QueueContents {
    final List<Message> queue = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Message message) {
        queue.add(message);
    }

    @Override
    public long forEachUnacknowledged(Consumer<Message> to) {
        queue.forEach(to);
        return queue.size();
    }

    @Override
    public long discard(Collection<String> ids) {
        Set<String> gone = new HashSet<>(ids);
        List<Message> removed = queue.stream().filter(m -> gone.contains(m.id())).toList();
        queue.removeAll(removed);
        return removed.size();
    }
}
