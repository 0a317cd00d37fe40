package org.cabinetgw.power.internal.state;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = PowerStateComponent.PID, name = "Cabinet power state",
        description = "Derives which source feeds the cabinet from the meters' readings, with thresholds, hysteresis and delays.")
public @interface PowerStateConfig {

    @AttributeDefinition(name = "Evaluation interval (ms)", description = "How often the readings are evaluated, 20-10000.",
            min = "20", max = "10000")
    int evaluationIntervalMs() default 200;

    @AttributeDefinition(name = "Reading maximum age (ms)", description = "A reading older than this counts as stale even if "
            + "its meter has not reported a failure yet (a poll stuck behind a slow shared line), 500-3600000.",
            min = "500", max = "3600000")
    int readingMaxAgeMs() default 10000;

    @AttributeDefinition(name = "Minimum voltage (V)", description = "Below it a source is DEGRADED, 50-1000.", min = "50", max = "1000")
    double voltageMin() default 207;

    @AttributeDefinition(name = "Maximum voltage (V)", description = "Above it a source is DEGRADED, 50-1000; above the minimum.",
            min = "50", max = "1000")
    double voltageMax() default 253;

    @AttributeDefinition(name = "Loss voltage (V)", description = "Below it a source is LOST, 0-1000; below the minimum.",
            min = "0", max = "1000")
    double voltageLost() default 100;

    @AttributeDefinition(name = "Voltage hysteresis (V)", description = "How far inside the band a degraded source must come "
            + "to be AVAILABLE again, 0-50 and less than half the band.", min = "0", max = "50")
    double voltageHysteresis() default 5;

    @AttributeDefinition(name = "Minimum frequency (Hz)", description = "Below it DEGRADED, 40-70.", min = "40", max = "70")
    double frequencyMin() default 49;

    @AttributeDefinition(name = "Maximum frequency (Hz)", description = "Above it DEGRADED, 40-70; above the minimum.",
            min = "40", max = "70")
    double frequencyMax() default 51;

    @AttributeDefinition(name = "Frequency hysteresis (Hz)", description = "Like the voltage hysteresis, 0-5.", min = "0", max = "5")
    double frequencyHysteresis() default 0.2;

    @AttributeDefinition(name = "Loss delay (ms)", description = "How long a worse condition must last before a source "
            + "changes state, 0-60000.", min = "0", max = "60000")
    int lossDelayMs() default 500;

    @AttributeDefinition(name = "Restore delay (ms)", description = "How long a source must be good again before it is "
            + "AVAILABLE, 0-600000.", min = "0", max = "600000")
    int restoreDelayMs() default 5000;

    @AttributeDefinition(name = "Battery low (%)", description = "On battery below this charge: BATTERY_LOW, 0-100.",
            min = "0", max = "100")
    double batteryLowPercent() default 30;

    @AttributeDefinition(name = "Battery low runtime (s)", description = "On battery with less runtime left: BATTERY_LOW, 0-86400.",
            min = "0", max = "86400")
    int batteryLowRuntimeS() default 300;

    @AttributeDefinition(name = "Battery hysteresis (%)", description = "BATTERY_LOW ends only above the threshold plus this, 0-50.",
            min = "0", max = "50")
    double batteryHysteresisPercent() default 5;
}
