package org.cabinetgw.uplink;

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
}
