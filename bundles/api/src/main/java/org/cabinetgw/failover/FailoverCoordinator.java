package org.cabinetgw.failover;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Provided by the failover bundle: the cabinet's state, the failover history, and drills. */
@ProviderType
public interface FailoverCoordinator {

    /** The current cabinet state and the redundancy lost. Cheap, never blocks. */
    CabinetStatus status();

    /**
     * The most recent episodes, newest first, open ones included.
     *
     * @param max at most this many (a value below 1 gives none)
     */
    List<Episode> history(int max);

    /**
     * Runs a drill and waits for its end (bounded by the configured target times). A drill is refused when
     * the cabinet is not {@link CabinetState#NORMAL} or another drill runs; it aborts, restoring everything,
     * when the real situation degrades meanwhile. It never leaves a link forced down or a transport suspended.
     */
    DrillResult drill(DrillKind kind) throws InterruptedException;
}
