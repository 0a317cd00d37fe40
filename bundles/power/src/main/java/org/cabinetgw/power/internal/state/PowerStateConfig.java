package org.cabinetgw.power.internal.state;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = PowerStateComponent.PID, name = "Cabinet power state",
        description = "Derives which source feeds the cabinet from the meters' readings, with thresholds, hysteresis and delays.")
public @interface PowerStateConfig {

    /** The range of evaluation.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int EVALUATION_MILLIS_MIN = 20, EVALUATION_MILLIS_MAX = 10_000;

    @AttributeDefinition(name = "Evaluation interval (ms)", description = "How often the readings are evaluated, 20-10000.",
            min = "" + EVALUATION_MILLIS_MIN, max = "" + EVALUATION_MILLIS_MAX)
    int evaluation_millis() default 200;

    /** The range of reading.max.age.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int READING_MAX_AGE_MILLIS_MIN = 500, READING_MAX_AGE_MILLIS_MAX = 3_600_000;

    @AttributeDefinition(name = "Reading maximum age (ms)", description = "A reading older than this counts as stale even if "
            + "its meter has not reported a failure yet (a poll stuck behind a slow shared line), 500-3600000.",
            min = "" + READING_MAX_AGE_MILLIS_MIN, max = "" + READING_MAX_AGE_MILLIS_MAX)
    int reading_max_age_millis() default 10000;

    /** The range of voltage.min.volts, for the Metatype and the settings check (CHANGES.md rule 3). */
    double VOLTAGE_MIN_VOLTS_MIN = 50, VOLTAGE_MIN_VOLTS_MAX = 1000;

    @AttributeDefinition(name = "Minimum voltage (V)", description = "Below it a source is DEGRADED, 50-1000.",
            min = "" + VOLTAGE_MIN_VOLTS_MIN, max = "" + VOLTAGE_MIN_VOLTS_MAX)
    double voltage_min_volts() default 207;

    /** The range of voltage.max.volts, for the Metatype and the settings check (CHANGES.md rule 3). */
    double VOLTAGE_MAX_VOLTS_MIN = 50, VOLTAGE_MAX_VOLTS_MAX = 1000;

    @AttributeDefinition(name = "Maximum voltage (V)", description = "Above it a source is DEGRADED, 50-1000; above the minimum.",
            min = "" + VOLTAGE_MAX_VOLTS_MIN, max = "" + VOLTAGE_MAX_VOLTS_MAX)
    double voltage_max_volts() default 253;

    /** The range of voltage.lost.volts, for the Metatype and the settings check (CHANGES.md rule 3). */
    double VOLTAGE_LOST_VOLTS_MIN = 0, VOLTAGE_LOST_VOLTS_MAX = 1000;

    @AttributeDefinition(name = "Loss voltage (V)", description = "Below it a source is LOST, 0-1000; below the minimum.",
            min = "" + VOLTAGE_LOST_VOLTS_MIN, max = "" + VOLTAGE_LOST_VOLTS_MAX)
    double voltage_lost_volts() default 100;

    /** The range of voltage.hysteresis.volts, for the Metatype and the settings check (CHANGES.md rule 3). */
    double VOLTAGE_HYSTERESIS_VOLTS_MIN = 0, VOLTAGE_HYSTERESIS_VOLTS_MAX = 50;

    @AttributeDefinition(name = "Voltage hysteresis (V)", description = "How far inside the band a degraded source must come "
            + "to be AVAILABLE again, 0-50 and less than half the band.",
            min = "" + VOLTAGE_HYSTERESIS_VOLTS_MIN, max = "" + VOLTAGE_HYSTERESIS_VOLTS_MAX)
    double voltage_hysteresis_volts() default 5;

    /** The range of frequency.min.hertz, for the Metatype and the settings check (CHANGES.md rule 3). */
    double FREQUENCY_MIN_HERTZ_MIN = 40, FREQUENCY_MIN_HERTZ_MAX = 70;

    @AttributeDefinition(name = "Minimum frequency (Hz)", description = "Below it DEGRADED, 40-70.",
            min = "" + FREQUENCY_MIN_HERTZ_MIN, max = "" + FREQUENCY_MIN_HERTZ_MAX)
    double frequency_min_hertz() default 49;

    /** The range of frequency.max.hertz, for the Metatype and the settings check (CHANGES.md rule 3). */
    double FREQUENCY_MAX_HERTZ_MIN = 40, FREQUENCY_MAX_HERTZ_MAX = 70;

    @AttributeDefinition(name = "Maximum frequency (Hz)", description = "Above it DEGRADED, 40-70; above the minimum.",
            min = "" + FREQUENCY_MAX_HERTZ_MIN, max = "" + FREQUENCY_MAX_HERTZ_MAX)
    double frequency_max_hertz() default 51;

    /** The range of frequency.hysteresis.hertz, for the Metatype and the settings check (CHANGES.md rule 3). */
    double FREQUENCY_HYSTERESIS_HERTZ_MIN = 0, FREQUENCY_HYSTERESIS_HERTZ_MAX = 5;

    @AttributeDefinition(name = "Frequency hysteresis (Hz)", description = "Like the voltage hysteresis, 0-5.",
            min = "" + FREQUENCY_HYSTERESIS_HERTZ_MIN, max = "" + FREQUENCY_HYSTERESIS_HERTZ_MAX)
    double frequency_hysteresis_hertz() default 0.2;

    /** The range of loss.delay.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int LOSS_DELAY_MILLIS_MIN = 0, LOSS_DELAY_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Loss delay (ms)", description = "How long a worse condition must last before a source "
            + "changes state, 0-60000.", min = "" + LOSS_DELAY_MILLIS_MIN, max = "" + LOSS_DELAY_MILLIS_MAX)
    int loss_delay_millis() default 500;

    /** The range of restore.delay.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int RESTORE_DELAY_MILLIS_MIN = 0, RESTORE_DELAY_MILLIS_MAX = 600_000;

    @AttributeDefinition(name = "Restore delay (ms)", description = "How long a source must be good again before it is "
            + "AVAILABLE, 0-600000.", min = "" + RESTORE_DELAY_MILLIS_MIN, max = "" + RESTORE_DELAY_MILLIS_MAX)
    int restore_delay_millis() default 5000;

    /** The range of battery.low.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    double BATTERY_LOW_PERCENT_MIN = 0, BATTERY_LOW_PERCENT_MAX = 100;

    @AttributeDefinition(name = "Battery low (%)", description = "On battery below this charge: BATTERY_LOW, 0-100.",
            min = "" + BATTERY_LOW_PERCENT_MIN, max = "" + BATTERY_LOW_PERCENT_MAX)
    double battery_low_percent() default 30;

    /** The range of battery.low.runtime.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int BATTERY_LOW_RUNTIME_SECONDS_MIN = 0, BATTERY_LOW_RUNTIME_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Battery low runtime (s)", description = "On battery with less runtime left: BATTERY_LOW, 0-86400.",
            min = "" + BATTERY_LOW_RUNTIME_SECONDS_MIN, max = "" + BATTERY_LOW_RUNTIME_SECONDS_MAX)
    int battery_low_runtime_seconds() default 300;

    /** The range of battery.hysteresis.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    double BATTERY_HYSTERESIS_PERCENT_MIN = 0, BATTERY_HYSTERESIS_PERCENT_MAX = 50;

    @AttributeDefinition(name = "Battery hysteresis (%)", description = "BATTERY_LOW ends only above the threshold plus this, 0-50.",
            min = "" + BATTERY_HYSTERESIS_PERCENT_MIN, max = "" + BATTERY_HYSTERESIS_PERCENT_MAX)
    double battery_hysteresis_percent() default 5;
}
