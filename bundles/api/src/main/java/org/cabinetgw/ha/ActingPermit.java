package org.cabinetgw.ha;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The pair's fence in the data path: whether this node may still speak for the cabinet <em>now</em>. Registered by
 * the ha bundle while a pair is configured (none when STANDALONE: a consumer that finds no permit acts as always).
 *
 * <p>The {@link HaPair#ACTIVE_CONDITION condition} starts and stops whole components, asynchronously; this permit
 * is what a component that sends on the pair's behalf (the uplink's transports) reads before each connection and
 * each send. It is granted only on evidence that is still fresh on this node's monotonic clock (a lease renewal the
 * witness acknowledged, a heartbeat of the standby peer) and lapses by itself when that evidence is older than the
 * time the standby would need to take over: a process frozen while ACTIVE (SIGSTOP, a long stall) finds it lapsed
 * the instant it resumes, before any of its threads has learnt of the takeover. It is withdrawn at once when this
 * node stops being ACTIVE.
 *
 * @since 1.4
 */
@ProviderType
public interface ActingPermit {

    /** True while this node may send as the pair. Cheap (one clock read), never blocks, any thread. */
    boolean granted();
}
