package org.cabinetgw.uplink.internal.mqtt;

import java.net.InetAddress;
import java.util.List;

import org.cabinetgw.uplink.internal.queue.QueuedMessage;

/**
 * How the MQTT transport speaks to the cloud: where a queued message goes and in what bytes, and the session's
 * lifecycle messages (will, birth, goodbye). The transport keeps the session, the window and the acknowledgements;
 * a dialect only decides topics and bytes, so every queue, ordering and no-loss guarantee is the same in each.
 *
 * <p>Two dialects: {@link JsonStatusDialect} (the default: our JSON on {@code <topic.prefix>/<topic>} and a
 * retained status topic) and Kura's cloud protocol ({@code org.cabinetgw.uplink.internal.kura.KuraDialect}:
 * KuraPayload on Kura's data topics, BIRTH / DC / LWT / APPS under {@code $EDC}). The queue always keeps our own
 * message; a dialect encodes at publish, so switching dialects loses nothing that is queued.
 */
public interface CloudDialect {

    /** The topic a queued message is published on. */
    String topicFor(QueuedMessage message);

    /** The bytes published for a queued message; never fails (a message that cannot be read goes out as it is). */
    byte[] payloadFor(QueuedMessage message);

    /** The will the broker publishes if the session ends without a goodbye. */
    Publication will();

    /**
     * Published (and waited for) after every connect, before any queued message; said once more after a session
     * taken over by a route change (the old session's will may reach the broker after it).
     *
     * @param localAddress the session's local address (which link carries it), or null when unknown
     */
    List<Publication> births(InetAddress localAddress);

    /**
     * News that changed while the births were on their way (Kura's APPS when an application registered after the
     * BIRTH was composed and before the session counted as connected): published right after the connect, or
     * null when the births said everything.
     */
    default Publication afterBirths(InetAddress localAddress) {
        return null;
    }

    /** Published on an orderly stop, just before DISCONNECT. */
    Publication goodbye();

    /** Where remote commands arrive and their answers go. */
    CommandTopics commandTopics();

    /** How remote commands and their answers are written. */
    CommandWire commandWire();

    /** One lifecycle message. */
    record Publication(String topic, byte[] payload, int qos, boolean retained) {
    }
}
