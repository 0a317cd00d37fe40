package org.cabinetgw.power;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The last reading of a meter, in two views: {@link #values()} as doubles for arithmetic (the power state
 * machine compares voltages), {@link #exact()} as the meter gave them, for telemetry and for anyone who
 * must not lose a digit.
 *
 * @param meter     the meter's name
 * @param role      its role
 * @param timestamp when the values were read (or, when none ever were, when the meter started)
 * @param values    point name to value as a double, in map order; booleans are 1.0 / 0.0; a 64-bit integer
 *                  beyond 2^53 is rounded; strings are not here; empty when never read
 * @param stale     true when the last poll failed: the values are the last good ones, or empty
 * @param error     why the last poll failed; empty when it succeeded
 * @param exact     point name to value exactly as read, in map order (see {@link #exact()}); since 1.1
 */
public record MeterReading(String meter, MeterRole role, Instant timestamp, Map<String, Double> values,
        boolean stale, String error, Map<String, Object> exact) {

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
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        error = error == null ? "" : error;
        Map<String, Object> copy = new LinkedHashMap<>();
        (exact == null ? Map.<String, Object>of() : exact).forEach((k, v) -> {
            if (!(v instanceof Boolean || v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal
                    || v instanceof String)) {
                throw new IllegalArgumentException("exact value of '" + k + "' must be a Boolean, Long, BigInteger, "
                        + "BigDecimal or String, was " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
            copy.put(k, v);
        });
        exact = Collections.unmodifiableMap(copy);
    }

    /**
     * A reading with the double view only (the 1.0 constructor): {@link #exact()} holds the same values, each
     * finite double as the shortest decimal that reads back to it.
     */
    public MeterReading(String meter, MeterRole role, Instant timestamp, Map<String, Double> values, boolean stale,
            String error) {
        this(meter, role, timestamp, values, stale, error, exactOf(values));
    }

    /**
     * Every point's value exactly as the meter gave it, in map order; the type follows the point's type:
     * <ul>
     * <li>bool: {@link Boolean}</li>
     * <li>int16, uint16, int32, uint32, int64, and uint64 up to 2^63-1: {@link Long}; uint64 from 2^63:
     * {@link BigInteger}</li>
     * <li>float32 and float64: {@link BigDecimal}, the shortest decimal that reads back to the same float
     * (double); NaN and infinities are left out</li>
     * <li>a scaled point (scale, offset or a SunSpec scale factor): {@link BigDecimal}, computed in decimal
     * ({@code 2301 × 0.1 = 230.1} exactly)</li>
     * <li>string: {@link String}</li>
     * </ul>
     * A point SunSpec marks "not implemented" is left out. Since 1.1.
     */
    @Override
    public Map<String, Object> exact() {
        return exact;
    }

    private static Map<String, Object> exactOf(Map<String, Double> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && Double.isFinite(v)) {
                out.put(k, new BigDecimal(Double.toString(v)).stripTrailingZeros());
            }
        });
        return out;
    }

    /** A value by point name, empty when the map has no such point or the reading is stale. */
    public OptionalDouble fresh(String point) {
        Double v = stale ? null : values.get(point);
        return v == null || v.isNaN() ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
