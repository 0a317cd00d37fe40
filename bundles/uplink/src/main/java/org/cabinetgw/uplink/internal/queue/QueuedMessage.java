package org.cabinetgw.uplink.internal.queue;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.cabinetgw.telemetry.Priority;

/**
 * A message as the queue keeps it: the encoded payload, ready for any transport, with what the queue
 * needs to order, evict and acknowledge it.
 *
 * @param seq      position in the queue, assigned on acceptance, increasing; 0 before that
 * @param id       the message id (stays the same across retries, restarts and transports)
 * @param priority its priority
 * @param topic    the topic below the uplink's prefix
 * @param payload  the encoded message (UTF-8 JSON)
 * @param aggregate made by the uplink itself, summarising telemetry of a window while the link was metered;
 *                 kept in the record (a flag bit beside the priority) because it decides whether the message
 *                 may go out on a metered link, also after a restart
 */
public record QueuedMessage(long seq, String id, Priority priority, String topic, byte[] payload, boolean aggregate) {

    /** An ordinary message (not an aggregate). */
    public QueuedMessage(long seq, String id, Priority priority, String topic, byte[] payload) {
        this(seq, id, priority, topic, payload, false);
    }

    public QueuedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        // counted, not encoded: a message is constructed on every append and every read
        if (RecordCodec.utf8Length(id) > 255) {
            throw new IllegalArgumentException("id longer than 255 bytes");
        }
        if (RecordCodec.utf8Length(topic) > 65535) {
            throw new IllegalArgumentException("topic longer than 65535 bytes");
        }
    }

    QueuedMessage withSeq(long newSeq) {
        return new QueuedMessage(newSeq, id, priority, topic, payload, aggregate);
    }

    /** Bytes this message counts against the queue's byte limit: its record on disk. */
    public int storedSize() {
        return RecordCodec.dataRecordSize(this);
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
