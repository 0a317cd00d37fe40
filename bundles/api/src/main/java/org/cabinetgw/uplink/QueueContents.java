package org.cabinetgw.uplink;

import java.util.Collection;
import java.util.function.Consumer;

import org.cabinetgw.telemetry.Message;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the uplink offers a {@link QueueReplicator}: the messages its durable queue still holds (accepted, not
 * acknowledged by the far side), so a standby that returns can be brought up to date from the active's own disk.
 *
 * @since 1.3
 */
@ProviderType
public interface QueueContents {

    /**
     * Hands every message still in the durable queue to {@code to}, oldest first, read page by page (never the whole
     * queue in memory). Messages accepted meanwhile may or may not be included; they reach the replicator through
     * {@link QueueReplicator#accepted} anyway.
     *
     * @return how many were handed over
     * @throws java.io.UncheckedIOException when the queue cannot be read
     */
    long forEachUnacknowledged(Consumer<Message> to);

    /**
     * Removes these messages (by id) from the durable queue without sending them: the pair's other node took them
     * over at a takeover and delivers them itself (bundles/ha). Called only while this node does not act for the
     * cabinet (its transports are stopped); ids not in the queue are ignored.
     *
     * @return how many were removed
     * @throws java.io.UncheckedIOException when the queue cannot be read
     * @throws UnsupportedOperationException from an uplink older than 1.4
     * @since 1.4
     */
    default long discard(Collection<String> ids) {
        throw new UnsupportedOperationException("this uplink cannot discard queued messages (uplink api < 1.4)");
    }
}
