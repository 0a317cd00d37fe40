package org.cabinetgw.uplink;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Operator and failover-drill control of the uplink. Suspending a transport makes it stop delivering
 * (MQTT disconnects) exactly as if its far side had failed, so the normal switching rules apply: a
 * drill that suspends {@link TransportKind#MQTT} sees HTTP take over after the configured delay and
 * can time it. Nothing is lost: messages stay queued until some transport delivers them.
 */
@ProviderType
public interface UplinkControl {

    /**
     * Takes a transport out of service until {@link #resume}. Idempotent.
     *
     * @param reason why, for the log and the {@link UplinkEvents#TRANSPORT_SUSPENDED} event
     */
    void suspend(TransportKind transport, String reason);

    /** Puts a suspended transport back into service. Idempotent. */
    void resume(TransportKind transport);

    /** True while {@code transport} is suspended. */
    boolean isSuspended(TransportKind transport);
}
