package org.cabinetgw.sim.power.internal;

/** A Modbus exception the simulated device answers with. */
final class ModbusFault extends Exception {

    private static final long serialVersionUID = 1L;
    static final int ILLEGAL_FUNCTION = 1;
    static final int ILLEGAL_ADDRESS = 2;
    static final int ILLEGAL_VALUE = 3;
    static final int DEVICE_BUSY = 6;

    final int code;

    ModbusFault(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }
}
