package org.cabinetgw.uplink;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a cloud connection owned by the platform the gateway runs on (Kura's cloud publisher on a Kura
 * gateway, registered by the Kura bridge), through which the uplink sends instead of opening its own MQTT connection.
 * While one is registered the uplink's own MQTT transport stays idle (no connection, no command channel) and this
 * connection takes the primary transport's place: the same durable queue, order and retries; a message leaves the
 * queue only when {@link Outcome#delivered()} is called for it. The uplink uses at most one (the highest ranked).
 *
 * @since 1.5
 */
@ConsumerType
public interface HostedCloudConnection {

    /** True when {@link #send} can be expected to deliver now (the platform's connection is up). */
    boolean connected();

    /**
     * Hands one message to the platform. Exactly one method of {@code outcome} is called for it, once, from any
     * thread, possibly before this returns: {@code delivered} when the platform confirmed delivery, {@code failed}
     * when it refused the message, could not take it, or confirmed nothing in time (the uplink sends it again:
     * the receiver drops duplicates by {@code message.id}). Never throws.
     */
    void send(HostedCloudMessage message, Outcome outcome);

    /** Called (on any thread) whenever {@link #connected()} may have changed; null to stop. */
    void setStateListener(Runnable listener);

    /** A sentence describing the current state, for the uplink's health and logs. */
    String describeState();

    /** What became of one message given to {@link #send}. */
    interface Outcome {
        void delivered();

        void failed(String reason);
    }
}
