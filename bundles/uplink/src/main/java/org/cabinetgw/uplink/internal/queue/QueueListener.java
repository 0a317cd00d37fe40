package org.cabinetgw.uplink.internal.queue;

import org.cabinetgw.telemetry.Priority;

/** What the queue tells its owner about; called on the queue's writer thread, must not block. */
public interface QueueListener {

    /** New messages became durable and can be delivered. */
    default void committed() {
    }

    /** {@code count} queued messages of {@code priority} were evicted to make room. */
    default void evicted(Priority priority, int count) {
    }

    /** The store failed to write; messages are being refused with {@code reason}. */
    default void storageFailed(String reason) {
    }

    /** A write succeeded after a failure. */
    default void storageRecovered() {
    }
}
