package org.cabinetgw.power.internal.preset;

import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.power.internal.map.RegisterMap;

/**
 * Finds a SunSpec meter: looks for the 'SunS' marker at 40000, 0 and 50000, then walks the model headers
 * (ID, length) to the first meter model (201-204 or 211-214), stopping at the end marker 0xFFFF.
 */
public final class SunSpecDiscovery {

    /** A device has few models; a longer chain is a broken map, not a reason to read 64k registers. */
    static final int MAX_MODELS = 64;

    /** What discovery found. */
    public record Found(int base, int modelId, int modelAddress, RegisterMap map) {
    }

    private SunSpecDiscovery() {
    }

    /**
     * @throws ModbusException          when the line fails (not when a base is absent: exception answers there
     *                                  just mean "try the next base")
     * @throws IllegalStateException    when there is no SunSpec marker or no meter model
     */
    public static Found discover(ModbusLine line, int unitId) throws ModbusException {
        for (int base : SunSpecMaps.BASES) {
            int[] marker;
            try {
                marker = line.readRegisters(unitId, Table.HOLDING_REGISTER, base, 2);
            } catch (ModbusException e) {
                if (e.kind() == ModbusException.Kind.EXCEPTION_RESPONSE) {
                    continue;
                }
                throw e;
            }
            if (marker[0] != SunSpecMaps.MARKER_HI || marker[1] != SunSpecMaps.MARKER_LO) {
                continue;
            }
            int address = base + 2;
            for (int i = 0; i < MAX_MODELS && address + 1 <= 0xFFFF; i++) {
                int[] header = line.readRegisters(unitId, Table.HOLDING_REGISTER, address, 2);
                int id = header[0];
                int length = header[1];
                if (id == SunSpecMaps.END_MODEL || (id == 0 && length == 0)) {
                    break;
                }
                if (SunSpecMaps.isFloatMeter(id) || SunSpecMaps.isIntegerMeter(id)) {
                    return new Found(base, id, address, SunSpecMaps.meter(id, address));
                }
                address += 2 + length;
            }
            throw new IllegalStateException("SunSpec map at " + base + " has no meter model (201-204, 211-214)");
        }
        throw new IllegalStateException("no SunSpec marker 'SunS' at 40000, 0 or 50000");
    }
}
