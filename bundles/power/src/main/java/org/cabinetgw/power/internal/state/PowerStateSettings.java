package org.cabinetgw.power.internal.state;

import java.time.Duration;

import org.cabinetgw.power.internal.Check;

/** The power-state configuration, validated: ranges and the relations between thresholds. */
public record PowerStateSettings(Duration evaluationInterval, Duration readingMaxAge, Thresholds thresholds) {

    public static PowerStateSettings from(PowerStateConfig c) {
        int eval = Check.range("evaluation.millis", c.evaluation_millis(),
                PowerStateConfig.EVALUATION_MILLIS_MIN, PowerStateConfig.EVALUATION_MILLIS_MAX);
        int maxAge = Check.range("reading.max.age.millis", c.reading_max_age_millis(),
                PowerStateConfig.READING_MAX_AGE_MILLIS_MIN, PowerStateConfig.READING_MAX_AGE_MILLIS_MAX);
        double vMin = Check.range("voltage.min.volts", c.voltage_min_volts(),
                PowerStateConfig.VOLTAGE_MIN_VOLTS_MIN, PowerStateConfig.VOLTAGE_MIN_VOLTS_MAX);
        double vMax = Check.range("voltage.max.volts", c.voltage_max_volts(),
                PowerStateConfig.VOLTAGE_MAX_VOLTS_MIN, PowerStateConfig.VOLTAGE_MAX_VOLTS_MAX);
        double vLost = Check.range("voltage.lost.volts", c.voltage_lost_volts(),
                PowerStateConfig.VOLTAGE_LOST_VOLTS_MIN, PowerStateConfig.VOLTAGE_LOST_VOLTS_MAX);
        double vHyst = Check.range("voltage.hysteresis.volts", c.voltage_hysteresis_volts(),
                PowerStateConfig.VOLTAGE_HYSTERESIS_VOLTS_MIN, PowerStateConfig.VOLTAGE_HYSTERESIS_VOLTS_MAX);
        double fMin = Check.range("frequency.min.hertz", c.frequency_min_hertz(),
                PowerStateConfig.FREQUENCY_MIN_HERTZ_MIN, PowerStateConfig.FREQUENCY_MIN_HERTZ_MAX);
        double fMax = Check.range("frequency.max.hertz", c.frequency_max_hertz(),
                PowerStateConfig.FREQUENCY_MAX_HERTZ_MIN, PowerStateConfig.FREQUENCY_MAX_HERTZ_MAX);
        double fHyst = Check.range("frequency.hysteresis.hertz", c.frequency_hysteresis_hertz(),
                PowerStateConfig.FREQUENCY_HYSTERESIS_HERTZ_MIN, PowerStateConfig.FREQUENCY_HYSTERESIS_HERTZ_MAX);
        int loss = Check.range("loss.delay.millis", c.loss_delay_millis(),
                PowerStateConfig.LOSS_DELAY_MILLIS_MIN, PowerStateConfig.LOSS_DELAY_MILLIS_MAX);
        int restore = Check.range("restore.delay.millis", c.restore_delay_millis(),
                PowerStateConfig.RESTORE_DELAY_MILLIS_MIN, PowerStateConfig.RESTORE_DELAY_MILLIS_MAX);
        double low = Check.range("battery.low.percent", c.battery_low_percent(),
                PowerStateConfig.BATTERY_LOW_PERCENT_MIN, PowerStateConfig.BATTERY_LOW_PERCENT_MAX);
        int lowRuntime = Check.range("battery.low.runtime.seconds", c.battery_low_runtime_seconds(),
                PowerStateConfig.BATTERY_LOW_RUNTIME_SECONDS_MIN, PowerStateConfig.BATTERY_LOW_RUNTIME_SECONDS_MAX);
        double bHyst = Check.range("battery.hysteresis.percent", c.battery_hysteresis_percent(),
                PowerStateConfig.BATTERY_HYSTERESIS_PERCENT_MIN, PowerStateConfig.BATTERY_HYSTERESIS_PERCENT_MAX);
        if (vMax <= vMin) {
            throw new IllegalArgumentException("voltage.max.volts = " + vMax + " must be above voltage.min.volts = " + vMin);
        }
        if (vLost >= vMin) {
            throw new IllegalArgumentException("voltage.lost.volts = " + vLost + " must be below voltage.min.volts = " + vMin);
        }
        if (2 * vHyst >= vMax - vMin) {
            throw new IllegalArgumentException("voltage.hysteresis.volts = " + vHyst + " must be less than half the band "
                    + vMin + "-" + vMax);
        }
        if (fMax <= fMin) {
            throw new IllegalArgumentException("frequency.max.hertz = " + fMax + " must be above frequency.min.hertz = " + fMin);
        }
        if (2 * fHyst >= fMax - fMin) {
            throw new IllegalArgumentException("frequency.hysteresis.hertz = " + fHyst + " must be less than half the band "
                    + fMin + "-" + fMax);
        }
        return new PowerStateSettings(Duration.ofMillis(eval), Duration.ofMillis(maxAge), new Thresholds(vMin, vMax, vLost, vHyst, fMin, fMax, fHyst,
                Duration.ofMillis(loss), Duration.ofMillis(restore), low, Duration.ofSeconds(lowRuntime), bHyst));
    }
}
