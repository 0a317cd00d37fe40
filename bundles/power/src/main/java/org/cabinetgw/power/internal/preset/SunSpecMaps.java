package org.cabinetgw.power.internal.preset;

import static org.cabinetgw.modbus.Table.HOLDING_REGISTER;
import static org.cabinetgw.power.internal.map.DataType.FLOAT32;
import static org.cabinetgw.power.internal.map.DataType.INT16;
import static org.cabinetgw.power.internal.map.DataType.UINT32;

import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.internal.map.DataType;
import org.cabinetgw.power.internal.map.Point;
import org.cabinetgw.power.internal.map.RegisterMap;

/**
 * The SunSpec meter models, after the SunSpec Alliance's model definitions (smdx_201..204 integer with
 * scale factors, smdx_211..214 float). Offsets count from the model's ID register; the two header
 * registers (ID, L) are offsets 0 and 1, so the first point is at offset 2.
 */
public final class SunSpecMaps {

    /** The 'SunS' marker, two registers. */
    public static final int MARKER_HI = 0x5375;
    public static final int MARKER_LO = 0x6E53;
    /** Where a SunSpec map may start, in the order the specification tells a client to try. */
    public static final int[] BASES = {40000, 0, 50000};
    /** Model ID of the end marker. */
    public static final int END_MODEL = 0xFFFF;

    private SunSpecMaps() {
    }

    public static boolean isIntegerMeter(int modelId) {
        return modelId >= 201 && modelId <= 204;
    }

    public static boolean isFloatMeter(int modelId) {
        return modelId >= 211 && modelId <= 214;
    }

    /** The register map of meter model {@code modelId} whose ID register is at {@code modelAddress}. */
    public static RegisterMap meter(int modelId, int modelAddress) {
        int m = modelAddress;
        List<Point> p = new ArrayList<>();
        if (isFloatMeter(modelId)) {
            p.add(fl("current", m + 2, "A"));
            p.add(fl(MeterReading.VOLTAGE, m + 10, "V")); // PhV, average line to neutral
            p.add(fl("voltage.l1", m + 12, "V"));
            p.add(fl("voltage.l2", m + 14, "V"));
            p.add(fl("voltage.l3", m + 16, "V"));
            p.add(fl(MeterReading.FREQUENCY, m + 26, "Hz"));
            p.add(fl(MeterReading.POWER, m + 28, "W"));
            p.add(fl("energy.export", m + 60, "Wh"));
            p.add(fl("energy.import", m + 68, "Wh"));
        } else if (isIntegerMeter(modelId)) {
            p.add(in("current", m + 2, INT16, "A", "sf.current"));
            p.add(sf("sf.current", m + 6)); // A_SF
            p.add(in(MeterReading.VOLTAGE, m + 7, INT16, "V", "sf.voltage"));
            p.add(in("voltage.l1", m + 8, INT16, "V", "sf.voltage"));
            p.add(in("voltage.l2", m + 9, INT16, "V", "sf.voltage"));
            p.add(in("voltage.l3", m + 10, INT16, "V", "sf.voltage"));
            p.add(sf("sf.voltage", m + 15)); // V_SF
            p.add(in(MeterReading.FREQUENCY, m + 16, INT16, "Hz", "sf.frequency"));
            p.add(sf("sf.frequency", m + 17)); // Hz_SF
            p.add(in(MeterReading.POWER, m + 18, INT16, "W", "sf.power"));
            p.add(sf("sf.power", m + 22)); // W_SF
            p.add(in("energy.export", m + 38, UINT32, "Wh", "sf.energy")); // TotWhExp, acc32
            p.add(in("energy.import", m + 46, UINT32, "Wh", "sf.energy")); // TotWhImp, acc32
            p.add(sf("sf.energy", m + 54)); // TotWh_SF
        } else {
            throw new IllegalArgumentException("SunSpec model " + modelId + " is not a meter model (201-204, 211-214)");
        }
        return new RegisterMap("SunSpec " + modelId + " at " + modelAddress, p, 125, 20);
    }

    private static Point fl(String name, int address, String unit) {
        return Point.of(name, HOLDING_REGISTER, address, FLOAT32).scaled(1, unit);
    }

    private static Point in(String name, int address, DataType type, String unit, String sf) {
        return Point.of(name, HOLDING_REGISTER, address, type).scaled(1, unit).withScaleFactor(sf);
    }

    private static Point sf(String name, int address) {
        return Point.of(name, HOLDING_REGISTER, address, INT16);
    }
}
