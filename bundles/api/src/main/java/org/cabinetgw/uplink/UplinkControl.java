package org.cabinetgw.uplink;

import java.util.Set;

import org.cabinetgw.telemetry.Priority;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Operator and failover-drill control of the uplink. Suspending a transport makes it stop delivering
 * (MQTT disconnects) exactly as if its far side had failed, so the normal switching rules apply: a
 * drill that suspends {@link TransportKind#MQTT} sees HTTP take over after the configured delay and
 * can time it. Nothing is lost: messages stay queued until some transport delivers them.
 * <p>
 * A restriction ({@link #restrict}) lets only some priorities out, e.g. alarms only while the cabinet
 * runs on a low UPS battery. What it holds back waits in the queue, in order, and goes out after
 * {@link #unrestrict}. A restriction is not persisted: it ends when the uplink component restarts, so
 * whoever set it re-applies it (the failover coordinator does so from its rules).
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

    /**
     * Lets only messages of the {@code allowed} priorities go out until {@link #unrestrict}; replaces any
     * restriction in force. Combines with metered mode: a message goes out only if both let it.
     * Idempotent: restricting again to the same set does nothing and posts no event.
     *
     * @param allowed the priorities that still go out; not null, not empty
     * @param reason  why, for the log and the {@link UplinkEvents#RESTRICTION_CHANGED} event
     * @throws IllegalArgumentException if {@code allowed} is null or empty
     * @since 1.1
     */
    void restrict(Set<Priority> allowed, String reason);

    /** Ends a restriction; what it held back goes out, oldest first. Idempotent. @since 1.1 */
    void unrestrict();

    /**
     * The priorities allowed out under the current restriction, or an empty set when none is in force.
     *
     * @since 1.1
     */
    Set<Priority> restriction();
}
