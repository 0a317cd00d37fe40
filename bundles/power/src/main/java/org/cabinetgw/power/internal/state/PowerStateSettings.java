package org.cabinetgw.power.internal.state;

import java.time.Duration;

import org.cabinetgw.power.internal.Check;

/** The power-state configuration, validated: ranges and the relations between thresholds. */
public record PowerStateSettings(Duration evaluationInterval, Duration readingMaxAge, Thresholds thresholds) {

    public static PowerStateSettings from(PowerStateConfig c) {
        int eval = Check.range("evaluationIntervalMs", c.evaluationIntervalMs(), 20, 10_000);
        int maxAge = Check.range("readingMaxAgeMs", c.readingMaxAgeMs(), 500, 3_600_000);
        double vMin = Check.range("voltageMin", c.voltageMin(), 50, 1000);
        double vMax = Check.range("voltageMax", c.voltageMax(), 50, 1000);
        double vLost = Check.range("voltageLost", c.voltageLost(), 0, 1000);
        double vHyst = Check.range("voltageHysteresis", c.voltageHysteresis(), 0, 50);
        double fMin = Check.range("frequencyMin", c.frequencyMin(), 40, 70);
        double fMax = Check.range("frequencyMax", c.frequencyMax(), 40, 70);
        double fHyst = Check.range("frequencyHysteresis", c.frequencyHysteresis(), 0, 5);
        int loss = Check.range("lossDelayMs", c.lossDelayMs(), 0, 60_000);
        int restore = Check.range("restoreDelayMs", c.restoreDelayMs(), 0, 600_000);
        double low = Check.range("batteryLowPercent", c.batteryLowPercent(), 0, 100);
        int lowRuntime = Check.range("batteryLowRuntimeS", c.batteryLowRuntimeS(), 0, 86_400);
        double bHyst = Check.range("batteryHysteresisPercent", c.batteryHysteresisPercent(), 0, 50);
        if (vMax <= vMin) {
            throw new IllegalArgumentException("voltageMax = " + vMax + " must be above voltageMin = " + vMin);
        }
        if (vLost >= vMin) {
            throw new IllegalArgumentException("voltageLost = " + vLost + " must be below voltageMin = " + vMin);
        }
        if (2 * vHyst >= vMax - vMin) {
            throw new IllegalArgumentException("voltageHysteresis = " + vHyst + " must be less than half the band "
                    + vMin + "-" + vMax);
        }
        if (fMax <= fMin) {
            throw new IllegalArgumentException("frequencyMax = " + fMax + " must be above frequencyMin = " + fMin);
        }
        if (2 * fHyst >= fMax - fMin) {
            throw new IllegalArgumentException("frequencyHysteresis = " + fHyst + " must be less than half the band "
                    + fMin + "-" + fMax);
        }
        return new PowerStateSettings(Duration.ofMillis(eval), Duration.ofMillis(maxAge), new Thresholds(vMin, vMax, vLost, vHyst, fMin, fMax, fHyst,
                Duration.ofMillis(loss), Duration.ofMillis(restore), low, Duration.ofSeconds(lowRuntime), bHyst));
    }
}
