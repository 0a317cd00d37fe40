package org.cabinetgw.modbus.internal;

import org.cabinetgw.modbus.Table;

/** Argument checks done before anything goes on the wire, so a bad call never reaches a device. */
final class RequestChecks {

    private RequestChecks() {
    }

    static void unit(int unitId) {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit id " + unitId + " is outside 0-255");
        }
    }

    static void read(int unitId, Table table, int address, int count, boolean bits) {
        unit(unitId);
        if (table == null) {
            throw new IllegalArgumentException("table must be set");
        }
        if (table.isBits() != bits) {
            throw new IllegalArgumentException(table + (bits ? " holds registers, not bits" : " holds bits, not registers"));
        }
        if (count < 1 || count > table.maxReadCount()) {
            throw new IllegalArgumentException("count " + count + " is outside 1-" + table.maxReadCount() + " for " + table);
        }
        range(address, count);
    }

    static void writeRegisters(int unitId, int address, int[] values) {
        unit(unitId);
        if (values == null || values.length < 1 || values.length > 123) {
            throw new IllegalArgumentException("a register write takes 1-123 values, got "
                    + (values == null ? "none" : values.length));
        }
        range(address, values.length);
        for (int v : values) {
            register(v);
        }
    }

    static void writeCoils(int unitId, int address, boolean[] values) {
        unit(unitId);
        if (values == null || values.length < 1 || values.length > 1968) {
            throw new IllegalArgumentException("a coil write takes 1-1968 values, got "
                    + (values == null ? "none" : values.length));
        }
        range(address, values.length);
    }

    static void register(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("register value " + value + " is outside 0-65535");
        }
    }

    static void range(int address, int count) {
        if (address < 0 || address > 0xFFFF) {
            throw new IllegalArgumentException("address " + address + " is outside 0-65535");
        }
        if (address + count > 0x10000) {
            throw new IllegalArgumentException("addresses " + address + "-" + (address + count - 1) + " pass 65535");
        }
    }
}
