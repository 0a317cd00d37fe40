package org.cabinetgw.uplink.internal.transport;

import java.util.List;

import org.cabinetgw.uplink.TransportKind;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;

/**
 * A way out for queued messages. Registered as a service by the transport components of this bundle and
 * used only by the uplink's dispatcher: producers never see a transport.
 *
 * <p>A transport never drops a message silently: for every message handed to {@link #send} it calls
 * exactly one of the callback's methods, or none when it is closed (the dispatcher then re-sends).
 */
public interface Transport {

    TransportKind kind();

    /** True when {@link #send} can be expected to work now (MQTT: connected). */
    boolean ready();

    /** Messages that may be unacknowledged at once. */
    int window();

    /** Messages handed over in one {@link #send} call. */
    int maxBatch();

    /**
     * {@link #send} calls that may be unanswered at once. HTTP says 1: a batch is its unit of retry, and a
     * second batch racing a failing one would break the order per topic.
     */
    default int maxOutstandingBatches() {
        return Integer.MAX_VALUE;
    }

    /** Sends asynchronously; the callback is called from the transport's threads. */
    void send(List<QueuedMessage> batch, DeliveryCallback callback);

    /** Takes the transport out of service (true) or back (false); a suspended transport is not ready. */
    void setSuspended(boolean suspended);

    /** Called on connection changes so the dispatcher reacts at once instead of on its next tick. */
    void setStateListener(Runnable listener);

    /**
     * True, once, when the peer was found listening again (a cheap probe) after a send failed because it
     * could not be reached: the dispatcher then tries at once instead of waiting out its back-off.
     */
    default boolean peerReturned() {
        return false;
    }

    /** A sentence describing the current state, for health and logs. */
    String describeState();

    /**
     * The system's default route moved to another link ({@code LinkFollower}): a connection made over the old
     * link is re-made now instead of waiting for a keep-alive to fail. Transports without a lasting connection
     * ignore it.
     */
    default void routeChanged(String why) {
    }

    /** The local address the current connection leaves from, or null when not connected or not known. */
    default java.net.InetAddress localAddress() {
        return null;
    }
}
