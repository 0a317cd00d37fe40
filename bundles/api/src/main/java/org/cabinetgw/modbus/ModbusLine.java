package org.cabinetgw.modbus;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One Modbus line (a TCP connection, an RTU-over-TCP gateway or a serial bus), shared by every device on it.
 * All methods are thread safe: requests are serialised, with the endpoint's pause kept between them.
 * Failed requests are retried as configured; a broken line is reopened on the next request, waiting
 * with exponential backoff after repeated failures. Addresses are 0-based protocol addresses.
 *
 * <p>Obtained from {@link ModbusMaster#open}; {@link #close()} releases this lease (the line itself
 * closes when its last lease is released, or when the master goes away).
 */
@ProviderType
public interface ModbusLine extends AutoCloseable {

    /** The endpoint this line talks to. */
    ModbusEndpoint endpoint();

    /**
     * Reads {@code count} registers (functions 3 or 4).
     *
     * @return the registers as unsigned values 0-65535
     * @throws IllegalArgumentException when the table is a bit table or the count or address is out of range
     */
    int[] readRegisters(int unitId, Table table, int address, int count) throws ModbusException;

    /** Reads {@code count} bits (functions 1 or 2). */
    boolean[] readBits(int unitId, Table table, int address, int count) throws ModbusException;

    /** Writes one coil (function 5). */
    void writeCoil(int unitId, int address, boolean value) throws ModbusException;

    /** Writes several coils (function 15). */
    void writeCoils(int unitId, int address, boolean[] values) throws ModbusException;

    /** Writes one holding register (function 6); {@code value} 0-65535. */
    void writeRegister(int unitId, int address, int value) throws ModbusException;

    /** Writes several holding registers (function 16); each 0-65535. */
    void writeRegisters(int unitId, int address, int[] values) throws ModbusException;

    /** Requests answered and failed on this line since it was first opened (shared by all leases). */
    LineStatistics statistics();

    /** Releases this lease; further requests through it fail with {@link ModbusException.Kind#CLOSED}. */
    @Override
    void close();
}
