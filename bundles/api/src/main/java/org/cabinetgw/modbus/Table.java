package org.cabinetgw.modbus;

/** The four Modbus data tables, with the function codes that read and write them. */
public enum Table {
    /** Read/write bits: read with function 1, written with 5 (one) or 15 (many). */
    COIL(1, true, true),
    /** Read-only bits: function 2. */
    DISCRETE_INPUT(2, true, false),
    /** Read/write 16-bit registers: read with function 3, written with 6 (one) or 16 (many). */
    HOLDING_REGISTER(3, false, true),
    /** Read-only 16-bit registers: function 4. */
    INPUT_REGISTER(4, false, false);

    private final int readFunction;
    private final boolean bits;
    private final boolean writable;

    Table(int readFunction, boolean bits, boolean writable) {
        this.readFunction = readFunction;
        this.bits = bits;
        this.writable = writable;
    }

    /** The function code that reads this table (1-4). */
    public int readFunction() {
        return readFunction;
    }

    /** True for the bit tables (coils, discrete inputs), false for the register tables. */
    public boolean isBits() {
        return bits;
    }

    /** True for the tables a master may write (coils, holding registers). */
    public boolean isWritable() {
        return writable;
    }

    /** Most items one read request may ask for: 2000 bits or 125 registers (Modbus application protocol 1.1b3). */
    public int maxReadCount() {
        return bits ? 2000 : 125;
    }
}
