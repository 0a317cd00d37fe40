package org.cabinetgw.modbus.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusException.Kind;
import org.cabinetgw.modbus.Table;

/**
 * RTU frames over a TCP socket (serial-to-Ethernet gateways in transparent mode), framed here rather than
 * by j2mod because j2mod reads and discards the CRC of RTU-over-TCP answers: a frame corrupted on the
 * RS-485 side would be accepted. Every answer is checked: CRC, unit id, function code and length.
 * Unit 0 (broadcast) gets no answer on RTU, so it is refused here.
 */
final class RtuOverTcpDriver implements LineDriver {

    private final ModbusEndpoint endpoint;
    private final int timeoutMillis;
    private volatile Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RtuOverTcpDriver(ModbusEndpoint endpoint) {
        this.endpoint = endpoint;
        this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, endpoint.timeout().toMillis());
    }

    @Override
    public void connect() throws ModbusException {
        close();
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            s.setTcpNoDelay(true);
            in = new DataInputStream(s.getInputStream());
            out = s.getOutputStream();
            socket = s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // the connect failure is what matters
            }
            throw new ModbusException(Kind.CONNECTION, "cannot open " + endpoint.describe() + ": "
                    + J2modDriver.connectProblem(e), e);
        }
    }

    @Override
    public boolean isConnected() {
        Socket s = socket;
        return s != null && s.isConnected() && !s.isClosed();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public int[] readRegisters(int unitId, Table table, int address, int count) throws ModbusException {
        byte[] data = exchange(unitId, new byte[] {(byte) table.readFunction(), hi(address), lo(address), hi(count), lo(count)},
                2 * count);
        int[] regs = new int[count];
        for (int i = 0; i < count; i++) {
            regs[i] = ((data[2 * i] & 0xFF) << 8) | (data[2 * i + 1] & 0xFF);
        }
        return regs;
    }

    @Override
    public boolean[] readBits(int unitId, Table table, int address, int count) throws ModbusException {
        byte[] data = exchange(unitId, new byte[] {(byte) table.readFunction(), hi(address), lo(address), hi(count), lo(count)},
                (count + 7) / 8);
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = ((data[i / 8] >> (i % 8)) & 1) != 0;
        }
        return bits;
    }

    @Override
    public void writeCoils(int unitId, int address, boolean[] values, boolean single) throws ModbusException {
        if (single) {
            exchange(unitId, new byte[] {5, hi(address), lo(address), (byte) (values[0] ? 0xFF : 0), 0}, -1);
            return;
        }
        int bytes = (values.length + 7) / 8;
        byte[] pdu = new byte[6 + bytes];
        pdu[0] = 15;
        pdu[1] = hi(address);
        pdu[2] = lo(address);
        pdu[3] = hi(values.length);
        pdu[4] = lo(values.length);
        pdu[5] = (byte) bytes;
        for (int i = 0; i < values.length; i++) {
            if (values[i]) {
                pdu[6 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        exchange(unitId, pdu, -1);
    }

    @Override
    public void writeRegisters(int unitId, int address, int[] values, boolean single) throws ModbusException {
        if (single) {
            exchange(unitId, new byte[] {6, hi(address), lo(address), hi(values[0]), lo(values[0])}, -1);
            return;
        }
        byte[] pdu = new byte[6 + 2 * values.length];
        pdu[0] = 16;
        pdu[1] = hi(address);
        pdu[2] = lo(address);
        pdu[3] = hi(values.length);
        pdu[4] = lo(values.length);
        pdu[5] = (byte) (2 * values.length);
        for (int i = 0; i < values.length; i++) {
            pdu[6 + 2 * i] = hi(values[i]);
            pdu[7 + 2 * i] = lo(values[i]);
        }
        exchange(unitId, pdu, -1);
    }

    /**
     * Sends one request and reads its answer. {@code dataBytes} is the byte count a read answer must carry,
     * or -1 for a write, whose answer is the echo of address and quantity/value (4 bytes).
     * Returns the data bytes of a read answer.
     */
    private byte[] exchange(int unitId, byte[] pdu, int dataBytes) throws ModbusException {
        if (unitId < 1 || unitId > 247) {
            throw new IllegalArgumentException("unit id " + unitId + " is outside 1-247 for RTU");
        }
        if (!isConnected()) {
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + " is not connected");
        }
        byte[] frame = new byte[pdu.length + 3];
        frame[0] = (byte) unitId;
        System.arraycopy(pdu, 0, frame, 1, pdu.length);
        int crc = Crc16.of(frame, 0, pdu.length + 1);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >> 8);
        int function = pdu[0];
        try {
            out.write(frame);
            out.flush();
            int unit = in.readUnsignedByte();
            int fc = in.readUnsignedByte();
            if (fc == (function | 0x80)) {
                byte[] answer = new byte[5]; // unit, function | 0x80, code, CRC low, CRC high
                answer[0] = (byte) unit;
                answer[1] = (byte) fc;
                in.readFully(answer, 2, 3);
                verify(answer, unitId, unit);
                int code = answer[2] & 0xFF;
                throw ModbusException.response(code, "unit " + unitId + " answered exception " + code + " ("
                        + J2modDriver.exceptionName(code) + ") to function " + function);
            }
            if (fc != function) {
                throw new ModbusException(Kind.MALFORMED, "answer has function " + fc + ", request had " + function);
            }
            byte[] answer;
            if (dataBytes >= 0) {
                int byteCount = in.readUnsignedByte();
                if (byteCount != dataBytes) {
                    throw new ModbusException(Kind.MALFORMED, "answer carries " + byteCount + " bytes, expected " + dataBytes);
                }
                answer = new byte[3 + byteCount + 2];
                answer[2] = (byte) byteCount;
                in.readFully(answer, 3, byteCount + 2);
            } else {
                answer = new byte[2 + 4 + 2];
                in.readFully(answer, 2, 6);
            }
            answer[0] = (byte) unit;
            answer[1] = (byte) fc;
            verify(answer, unitId, unit);
            byte[] data = new byte[Math.max(0, dataBytes)];
            if (dataBytes > 0) {
                System.arraycopy(answer, 3, data, 0, dataBytes);
            }
            return data;
        } catch (ModbusException e) {
            throw e; // already says what is wrong with the answer (it is an IOException too)
        } catch (SocketTimeoutException e) {
            throw new ModbusException(Kind.TIMEOUT, endpoint.describe() + " unit " + unitId + ": no complete answer within "
                    + timeoutMillis + " ms", e);
        } catch (EOFException e) {
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + ": connection closed mid-frame", e);
        } catch (IOException e) {
            throw new ModbusException(Kind.CONNECTION, endpoint.describe() + ": the connection was closed or broke", e);
        }
    }

    /** Checks a complete answer frame: its CRC (last two bytes, low first), then its unit. */
    private static void verify(byte[] answer, int expectedUnit, int unit) throws ModbusException {
        int n = answer.length;
        int received = (answer[n - 2] & 0xFF) | (answer[n - 1] & 0xFF) << 8;
        int computed = Crc16.of(answer, 0, n - 2);
        if (received != computed) {
            throw new ModbusException(Kind.MALFORMED, String.format("CRC mismatch: received %04X, computed %04X", received,
                    computed));
        }
        if (unit != expectedUnit) {
            throw new ModbusException(Kind.MALFORMED, "answer from unit " + unit + ", asked unit " + expectedUnit);
        }
    }

    private static byte hi(int v) {
        return (byte) (v >> 8);
    }

    private static byte lo(int v) {
        return (byte) v;
    }
}
