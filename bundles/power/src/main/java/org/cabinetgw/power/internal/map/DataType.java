package org.cabinetgw.power.internal.map;

import java.util.Locale;

/** How a point's value is stored in the device's tables. */
public enum DataType {
    /** A bit in a bit table, or a register that is true when non-zero. */
    BOOL(1),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    INT64(4),
    /** Four registers, 0 to 2^64-1: exact in telemetry (a JSON integer), rounded only in the double view. */
    UINT64(4),
    FLOAT32(2),
    FLOAT64(4),
    /** Characters, two per register; its length in registers is given by the point. */
    STRING(0);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers one value occupies; 0 for STRING, whose length the point says. */
    public int registers() {
        return registers;
    }

    /** Parses a name case-insensitively, with the accepted names in the error. */
    public static DataType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("type '" + text + "' is not one of bool, int16, uint16, int32, uint32, "
                    + "int64, uint64, float32, float64, string");
        }
    }
}
