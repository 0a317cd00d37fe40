package org.cabinetgw.modbus.internal;

import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleCoilsRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.net.SerialConnection;
import com.ghgande.j2mod.modbus.net.TCPMasterConnection;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;

import java.net.InetAddress;
import java.util.Locale;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusException.Kind;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.modbus.Transport;

/**
 * {@link LineDriver} on j2mod's connection and transaction classes (not its facade: the facade's methods
 * are synchronized, so a close from another thread would wait for a blocked read to time out).
 * j2mod's own retry loop is set to a single attempt; {@link SharedLine} does retries with our rules.
 */
final class J2modDriver implements LineDriver {

    private final ModbusEndpoint endpoint;
    private final int timeoutMillis;
    // written by the line's request thread, read by close() from any thread
    private volatile TCPMasterConnection tcp;
    private volatile AbstractSerialConnection serial;
    private ModbusTransaction transaction;

    J2modDriver(ModbusEndpoint endpoint) {
        this.endpoint = endpoint;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
    }

    @Override
    public void connect() throws ModbusException {
        close();
        try {
            if (endpoint.transport() == Transport.RTU_SERIAL) {
                SerialParameters p = new SerialParameters();
                p.setPortName(endpoint.serialPort());
                p.setBaudRate(endpoint.baudRate());
                p.setDatabits(8);
                p.setParity(switch (Character.toUpperCase(endpoint.parity())) {
                    case 'E' -> AbstractSerialConnection.EVEN_PARITY;
                    case 'O' -> AbstractSerialConnection.ODD_PARITY;
                    default -> AbstractSerialConnection.NO_PARITY;
                });
                p.setStopbits(endpoint.stopBits() == 2 ? AbstractSerialConnection.TWO_STOP_BITS
                        : AbstractSerialConnection.ONE_STOP_BIT);
                p.setEncoding(com.ghgande.j2mod.modbus.Modbus.SERIAL_ENCODING_RTU);
                SerialConnection c = new SerialConnection(p);
                c.setTimeout(timeoutMillis);
                c.open();
                serial = c;
                transaction = c.getModbusTransport().createTransaction();
            } else {
                TCPMasterConnection c = new TCPMasterConnection(InetAddress.getByName(endpoint.host()));
                c.setPort(endpoint.port());
                c.setTimeout(timeoutMillis);
                c.connect(endpoint.transport() == Transport.RTU_OVER_TCP);
                tcp = c;
                transaction = c.getModbusTransport().createTransaction();
            }
            transaction.setRetries(1);
            transaction.setCheckingValidity(true);
        } catch (Exception e) {
            close();
            throw new ModbusException(Kind.CONNECTION, "cannot open " + endpoint.describe() + ": " + connectProblem(e), e);
        }
    }

    @Override
    public boolean isConnected() {
        TCPMasterConnection t = tcp;
        AbstractSerialConnection s = serial;
        return (t != null && t.isConnected()) || (s != null && s.isOpen());
    }

    @Override
    public void close() {
        TCPMasterConnection t = tcp;
        tcp = null;
        if (t != null) {
            t.close();
        }
        AbstractSerialConnection s = serial;
        serial = null;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public int[] readRegisters(int unitId, Table table, int address, int count) throws ModbusException {
        ModbusRequest request = table == Table.HOLDING_REGISTER ? new ReadMultipleRegistersRequest(address, count)
                : new ReadInputRegistersRequest(address, count);
        ModbusResponse response = execute(unitId, request);
        InputRegister[] regs;
        if (response instanceof ReadMultipleRegistersResponse r) {
            regs = r.getRegisters();
        } else if (response instanceof ReadInputRegistersResponse r) {
            regs = r.getRegisters();
        } else {
            throw unexpected(response);
        }
        if (regs == null || regs.length != count) {
            throw new ModbusException(Kind.MALFORMED, "asked for " + count + " registers, got "
                    + (regs == null ? 0 : regs.length));
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = regs[i].toUnsignedShort();
        }
        return out;
    }

    @Override
    public boolean[] readBits(int unitId, Table table, int address, int count) throws ModbusException {
        ModbusRequest request = table == Table.COIL ? new ReadCoilsRequest(address, count)
                : new ReadInputDiscretesRequest(address, count);
        ModbusResponse response = execute(unitId, request);
        BitVector bits;
        if (response instanceof ReadCoilsResponse r) {
            bits = r.getCoils();
        } else if (response instanceof ReadInputDiscretesResponse r) {
            bits = r.getDiscretes();
        } else {
            throw unexpected(response);
        }
        if (bits == null || bits.byteSize() < (count + 7) / 8) {
            throw new ModbusException(Kind.MALFORMED, "asked for " + count + " bits, got "
                    + (bits == null ? 0 : bits.byteSize() * 8));
        }
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            out[i] = bits.getBit(i);
        }
        return out;
    }

    @Override
    public void writeCoils(int unitId, int address, boolean[] values, boolean single) throws ModbusException {
        ModbusRequest request;
        if (single) {
            request = new WriteCoilRequest(address, values[0]);
        } else {
            BitVector bv = new BitVector(values.length);
            for (int i = 0; i < values.length; i++) {
                bv.setBit(i, values[i]);
            }
            request = new WriteMultipleCoilsRequest(address, bv);
        }
        execute(unitId, request);
    }

    @Override
    public void writeRegisters(int unitId, int address, int[] values, boolean single) throws ModbusException {
        ModbusRequest request;
        if (single) {
            request = new WriteSingleRegisterRequest(address, new SimpleRegister(values[0]));
        } else {
            Register[] regs = new Register[values.length];
            for (int i = 0; i < values.length; i++) {
                regs[i] = new SimpleRegister(values[i]);
            }
            request = new WriteMultipleRegistersRequest(address, regs);
        }
        execute(unitId, request);
    }

    private ModbusResponse execute(int unitId, ModbusRequest request) throws ModbusException {
        ModbusTransaction tx = transaction;
        if (tx == null || !isConnected()) {
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + " is not connected");
        }
        request.setUnitID(unitId);
        try {
            tx.setRequest(request);
            tx.execute();
            ModbusResponse response = tx.getResponse();
            if (response == null) {
                throw new ModbusException(Kind.MALFORMED, "no response decoded");
            }
            if (response.getFunctionCode() != request.getFunctionCode()) {
                throw new ModbusException(Kind.MALFORMED, "answer has function " + response.getFunctionCode()
                        + ", request had " + request.getFunctionCode());
            }
            return response;
        } catch (ModbusSlaveException e) {
            int code = e.getType();
            throw ModbusException.response(code, "unit " + unitId + " answered exception " + code + " ("
                    + exceptionName(code) + ") to function " + request.getFunctionCode());
        } catch (ModbusIOException e) {
            String m = text(e).toLowerCase(Locale.ROOT);
            Kind kind = m.contains("timeout") || m.contains("timed out") ? Kind.TIMEOUT
                    : m.contains("end of") || m.contains("truncated") || m.contains("socket")
                            || m.contains("connection") || m.contains("broken pipe") ? Kind.CONNECTION
                                    : Kind.MALFORMED;
            // j2mod's text ("Executing transaction 1F failed (tried 1 times) - null") stays in the cause
            throw new ModbusException(kind, endpoint.describe() + " unit " + unitId + ": " + switch (kind) {
                case TIMEOUT -> "no answer within " + timeoutMillis + " ms";
                case CONNECTION -> "the connection was closed or broke";
                default -> "the answer could not be read";
            }, e);
        } catch (com.ghgande.j2mod.modbus.ModbusException e) {
            throw new ModbusException(Kind.MALFORMED, endpoint.describe() + " unit " + unitId
                    + ": the answer could not be read", e);
        } catch (RuntimeException e) {
            // j2mod decodes some malformed answers into wrong types or indexes past a short buffer
            throw new ModbusException(Kind.MALFORMED, endpoint.describe() + " unit " + unitId
                    + ": undecodable answer (" + text(e) + ")", e);
        }
    }

    private static ModbusException unexpected(ModbusResponse response) {
        return new ModbusException(Kind.MALFORMED, "unexpected answer " + response.getClass().getSimpleName());
    }

    static String exceptionName(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "server device failure";
            case 5 -> "acknowledge";
            case 6 -> "server device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target failed to respond";
            default -> "unknown";
        };
    }

    /** Why a connect failed, in words (the library's own text is in the exception's cause). */
    static String connectProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "no answer to the connection attempt";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof java.net.NoRouteToHostException) {
                return "no route to the host";
            }
        }
        return text(e);
    }

    private static String text(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
