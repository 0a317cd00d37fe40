package org.cabinetgw.modbus.internal;

import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.Table;

/**
 * The library-facing half of a line: one request at a time, no retries, no pauses (the caller,
 * {@link SharedLine}, does those). This is the only type that changes if the library changes.
 */
interface LineDriver {

    /** Opens the connection or port; throws CONNECTION when it cannot. */
    void connect() throws ModbusException;

    boolean isConnected();

    /** Closes; safe to call at any time, from any thread, also while a request is blocked. */
    void close();

    int[] readRegisters(int unitId, Table table, int address, int count) throws ModbusException;

    boolean[] readBits(int unitId, Table table, int address, int count) throws ModbusException;

    void writeCoils(int unitId, int address, boolean[] values, boolean single) throws ModbusException;

    void writeRegisters(int unitId, int address, int[] values, boolean single) throws ModbusException;
}
