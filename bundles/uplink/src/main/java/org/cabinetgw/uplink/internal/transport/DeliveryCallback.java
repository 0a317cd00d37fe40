package org.cabinetgw.uplink.internal.transport;

import java.time.Duration;
import java.util.List;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;

/** The outcome of one {@link Transport#send}. Exactly one method is called per message. */
public interface DeliveryCallback {

    /** The far side acknowledged (PUBACK, HTTP 2xx): the messages may leave the queue. */
    void delivered(List<QueuedMessage> messages);

    /**
     * Not delivered this time (connection lost, timeout, 408/429/5xx): they stay queued and are sent again.
     *
     * @param retryAfter how long the far side asked us to wait; null when it did not say
     */
    void failed(List<QueuedMessage> messages, String reason, Duration retryAfter);

    /**
     * The far side refused the content (HTTP 4xx other than 408, 429 and the answers about the request itself):
     * the engine finds the refused messages among them (see {@code PendingBatches}) and dead-letters only those.
     */
    void rejected(List<QueuedMessage> messages, int status, String reason);
}
