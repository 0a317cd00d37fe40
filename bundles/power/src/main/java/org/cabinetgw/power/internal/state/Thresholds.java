package org.cabinetgw.power.internal.state;

import java.time.Duration;

/**
 * Every number the power-state machine decides with; validated by {@link PowerStateSettings}.
 *
 * @param voltageMin        below it a live source is DEGRADED (V)
 * @param voltageMax        above it a live source is DEGRADED (V)
 * @param voltageLost       below it a source is LOST (V)
 * @param voltageHysteresis a DEGRADED source must come this far inside the band to be AVAILABLE again (V)
 * @param frequencyMin      below it DEGRADED (Hz)
 * @param frequencyMax      above it DEGRADED (Hz)
 * @param frequencyHysteresis like voltageHysteresis, in Hz
 * @param lossDelay         how long a worse condition must last before the source state changes
 * @param restoreDelay      how long a source must be good again before it is AVAILABLE again
 * @param batteryLowPercent on battery with less charge than this: BATTERY_LOW
 * @param batteryLowRuntime on battery with less runtime left than this: BATTERY_LOW
 * @param batteryHysteresis BATTERY_LOW ends only above batteryLowPercent plus this (percent points)
 */
public record Thresholds(double voltageMin, double voltageMax, double voltageLost, double voltageHysteresis,
        double frequencyMin, double frequencyMax, double frequencyHysteresis, Duration lossDelay,
        Duration restoreDelay, double batteryLowPercent, Duration batteryLowRuntime, double batteryHysteresis) {

    /** 230 V / 50 Hz mains, EN 50160 band (±10 %, 49-51 Hz). */
    public static Thresholds defaults() {
        return new Thresholds(207, 253, 100, 5, 49, 51, 0.2, Duration.ofMillis(500), Duration.ofSeconds(5), 30,
                Duration.ofMinutes(5), 5);
    }
}
