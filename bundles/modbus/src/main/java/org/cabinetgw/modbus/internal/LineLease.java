package org.cabinetgw.modbus.internal;

import java.util.concurrent.atomic.AtomicBoolean;

import org.cabinetgw.modbus.LineStatistics;
import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusException.Kind;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;

/** One user's handle on a {@link SharedLine}: checks arguments, then queues the request on the line. */
final class LineLease implements ModbusLine {

    private final SharedLine line;
    private final ModbusMasterComponent owner;
    private final AtomicBoolean closed = new AtomicBoolean();

    LineLease(SharedLine line, ModbusMasterComponent owner) {
        this.line = line;
        this.owner = owner;
    }

    @Override
    public ModbusEndpoint endpoint() {
        return line.endpoint();
    }

    @Override
    public int[] readRegisters(int unitId, Table table, int address, int count) throws ModbusException {
        RequestChecks.read(unitId, table, address, count, false);
        return run(d -> d.readRegisters(unitId, table, address, count));
    }

    @Override
    public boolean[] readBits(int unitId, Table table, int address, int count) throws ModbusException {
        RequestChecks.read(unitId, table, address, count, true);
        return run(d -> d.readBits(unitId, table, address, count));
    }

    @Override
    public void writeCoil(int unitId, int address, boolean value) throws ModbusException {
        RequestChecks.writeCoils(unitId, address, new boolean[] {value});
        owner.checkMayWrite(line.endpoint());
        run(d -> {
            d.writeCoils(unitId, address, new boolean[] {value}, true);
            return null;
        });
    }

    @Override
    public void writeCoils(int unitId, int address, boolean[] values) throws ModbusException {
        RequestChecks.writeCoils(unitId, address, values);
        owner.checkMayWrite(line.endpoint());
        boolean[] copy = values.clone();
        run(d -> {
            d.writeCoils(unitId, address, copy, false);
            return null;
        });
    }

    @Override
    public void writeRegister(int unitId, int address, int value) throws ModbusException {
        RequestChecks.writeRegisters(unitId, address, new int[] {value});
        owner.checkMayWrite(line.endpoint());
        run(d -> {
            d.writeRegisters(unitId, address, new int[] {value}, true);
            return null;
        });
    }

    @Override
    public void writeRegisters(int unitId, int address, int[] values) throws ModbusException {
        RequestChecks.writeRegisters(unitId, address, values);
        owner.checkMayWrite(line.endpoint());
        int[] copy = values.clone();
        run(d -> {
            d.writeRegisters(unitId, address, copy, false);
            return null;
        });
    }

    @Override
    public LineStatistics statistics() {
        return line.statistics();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.release(line);
        }
    }

    private <T> T run(SharedLine.Request<T> request) throws ModbusException {
        if (closed.get()) {
            throw new ModbusException(Kind.CLOSED, "this lease on " + line.endpoint().describe() + " was closed");
        }
        return line.execute(request);
    }
}
