package org.cabinetgw.storage;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Query service of the RAID monitor (configuration {@code org.cabinetgw.storage.raid}): every md array as the
 * last read of /proc/mdstat showed it. Registered while the monitor runs, one service for all arrays. Read-only;
 * reading it runs no command and never blocks (it changes every {@code poll.seconds}). Since 1.2.
 */
@ProviderType
public interface ArrayStatus {

    /**
     * The arrays in the kernel's order, as last read; empty before the first read. An array that disappeared from
     * mdstat stays listed (DOWN, {@link ArraySnapshot#reason()} says so) until the monitor restarts, as its health
     * entry does; when the file cannot be read the arrays keep their last known state.
     */
    List<ArraySnapshot> arrays();
}
