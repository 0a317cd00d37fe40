package org.cabinetgw.power;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The last reading of a meter.
 *
 * @param meter     the meter's name
 * @param role      its role
 * @param timestamp when the values were read (or, when none ever were, when the meter started)
 * @param values    point name to value, in map order; booleans are 1.0 / 0.0; empty when never read
 * @param stale     true when the last poll failed: the values are the last good ones, or empty
 * @param error     why the last poll failed; empty when it succeeded
 */
public record MeterReading(String meter, MeterRole role, Instant timestamp, Map<String, Double> values,
        boolean stale, String error) {

    /** Point names every preset uses for the same quantity, so the state machine reads any meter the same way. */
    public static final String VOLTAGE = "voltage";
    /** Line frequency in Hz. */
    public static final String FREQUENCY = "frequency";
    /** Total active power in W. */
    public static final String POWER = "power";
    /** UPS: 1.0 when running on battery. */
    public static final String ON_BATTERY = "on_battery";
    /** UPS: battery charge in percent. */
    public static final String BATTERY_CHARGE = "battery_charge";
    /** UPS: estimated runtime left in seconds. */
    public static final String RUNTIME_LEFT = "runtime_left";

    public MeterReading {
        values = Map.copyOf(values);
        error = error == null ? "" : error;
    }

    /** A value by point name, empty when the map has no such point or the reading is stale. */
    public OptionalDouble fresh(String point) {
        Double v = stale ? null : values.get(point);
        return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
