package org.cabinetgw.power.internal.preset;

import static org.cabinetgw.modbus.Table.HOLDING_REGISTER;
import static org.cabinetgw.modbus.Table.INPUT_REGISTER;
import static org.cabinetgw.power.internal.map.DataType.BOOL;
import static org.cabinetgw.power.internal.map.DataType.FLOAT32;
import static org.cabinetgw.power.internal.map.DataType.UINT16;
import static org.cabinetgw.power.internal.map.DataType.UINT32;

import java.util.List;

import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.internal.map.Point;
import org.cabinetgw.power.internal.map.RegisterMap;

/**
 * Fixed register maps of common devices, written from the vendors' public documentation. Point names
 * follow {@link MeterReading}'s constants so the state machine reads every meter the same way.
 */
public final class Presets {

    private Presets() {
    }

    /**
     * Eastron SDM630 Modbus (V2 / MID), after Eastron's "SDM630 Modbus protocol" input-register table:
     * every value a big-endian IEEE 754 float in two input registers (function 4); the manual's register
     * 3xxxx is protocol address xxxx - 1. Eastron limits one request to 40 parameters (80 registers), so
     * the whole map is one request of 76 registers (0-75); the registers between listed points (VA, VAr,
     * power factors per phase, angles) exist on the device, so reading across them is safe.
     */
    public static RegisterMap sdm630() {
        return new RegisterMap("SDM630", List.of(
                f("voltage.l1", 0, "V"), // 30001 phase 1 line to neutral volts
                f("voltage.l2", 2, "V"), // 30003
                f("voltage.l3", 4, "V"), // 30005
                f("current.l1", 6, "A"), // 30007 phase 1 current
                f("current.l2", 8, "A"), // 30009
                f("current.l3", 10, "A"), // 30011
                f("power.l1", 12, "W"), // 30013 phase 1 power
                f("power.l2", 14, "W"), // 30015
                f("power.l3", 16, "W"), // 30017
                f(MeterReading.VOLTAGE, 42, "V"), // 30043 average line to neutral volts
                f("current", 46, "A"), // 30047 average line current
                f(MeterReading.POWER, 52, "W"), // 30053 total system power
                f("power_factor", 62, ""), // 30063 total system power factor
                f(MeterReading.FREQUENCY, 70, "Hz"), // 30071 frequency of supply voltages
                f("energy.import", 72, "kWh"), // 30073 total import kWh
                f("energy.export", 74, "kWh")), // 30075 total export kWh
                80, 30);
    }

    private static Point f(String name, int address, String unit) {
        return Point.of(name, INPUT_REGISTER, address, FLOAT32).scaled(1, unit);
    }

    /**
     * Our generic UPS map, for UPS network cards whose Modbus map can be configured (and for the
     * simulator). There is no industry-wide UPS register standard: for any other UPS write a custom map
     * with the same point names. Holding registers from 0:
     * 0 on battery (0/1), 1 battery charge %, 2-3 runtime left s (uint32), 4 input V x0.1,
     * 5 output V x0.1, 6 output Hz x0.1, 7 load %, 8 battery V x0.1.
     */
    public static RegisterMap genericUps() {
        return new RegisterMap("UPS_GENERIC", List.of(
                Point.of(MeterReading.ON_BATTERY, HOLDING_REGISTER, 0, BOOL),
                Point.of(MeterReading.BATTERY_CHARGE, HOLDING_REGISTER, 1, UINT16).scaled(1, "%"),
                Point.of(MeterReading.RUNTIME_LEFT, HOLDING_REGISTER, 2, UINT32).scaled(1, "s"),
                Point.of("input_voltage", HOLDING_REGISTER, 4, UINT16).scaled(0.1, "V"),
                Point.of(MeterReading.VOLTAGE, HOLDING_REGISTER, 5, UINT16).scaled(0.1, "V"),
                Point.of(MeterReading.FREQUENCY, HOLDING_REGISTER, 6, UINT16).scaled(0.1, "Hz"),
                Point.of("load", HOLDING_REGISTER, 7, UINT16).scaled(1, "%"),
                Point.of("battery_voltage", HOLDING_REGISTER, 8, UINT16).scaled(0.1, "V")),
                125, 0);
    }
}
