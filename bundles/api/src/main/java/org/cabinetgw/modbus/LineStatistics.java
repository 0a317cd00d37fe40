package org.cabinetgw.modbus;

/**
 * Counters of one line.
 *
 * @param requests   requests answered correctly
 * @param failures   requests that failed after all retries
 * @param reconnects times the line was (re)opened
 * @param connected  whether the line is open now
 */
public record LineStatistics(long requests, long failures, long reconnects, boolean connected) {
}
