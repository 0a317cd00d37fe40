package org.cabinetgw.modbus;

/**
 * Counters of one line since it was first opened, shared by every lease on it.
 *
 * @param requests   requests answered correctly
 * @param failures   requests that failed after all retries
 * @param reconnects times the line was (re)opened
 * @param connected  whether the line is open now
 * @param retries    requests repeated after a failed attempt (a retry that then succeeded hides a fault: a line
 *                   with many is unwell although every poll answers); since 1.1
 */
public record LineStatistics(long requests, long failures, long reconnects, boolean connected, long retries) {

    /** Counters without retries (the 1.0 constructor): {@link #retries()} is 0. */
    public LineStatistics(long requests, long failures, long reconnects, boolean connected) {
        this(requests, failures, reconnects, connected, 0);
    }
}
