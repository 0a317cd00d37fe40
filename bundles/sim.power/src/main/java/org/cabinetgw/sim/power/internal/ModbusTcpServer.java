package org.cabinetgw.sim.power.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Modbus TCP server for one simulated device: an accept thread and a thread per connection,
 * functions 1-6, 15 and 16, any unit id. Written here (not taken from a Modbus library) so the gateway's
 * master is tested against code that shares nothing with it. {@link #close()} stops every thread.
 */
final class ModbusTcpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpServer.class);
    /** A client idle this long is dropped, so a forgotten connection does not hold a thread forever. */
    private static final int IDLE_TIMEOUT_MS = 120_000;

    private final String name;
    private final Device device;
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> workers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    ModbusTcpServer(String name, Device device, String host, int port) throws IOException {
        this.name = name;
        this.device = device;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 16);
        acceptor = new Thread(this::acceptLoop, "cabinetgw-sim-power-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    Device device() {
        return device;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setSoTimeout(IDLE_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "cabinetgw-sim-power-" + name + "-conn");
                t.setDaemon(true);
                workers.add(t);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Simulated {} stopped accepting: {}", name, e.getMessage());
                }
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; OutputStream out = s.getOutputStream()) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] header = new byte[7];
            while (!closed) {
                in.readFully(header);
                int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
                if (length < 2 || length > 254) {
                    return; // not Modbus TCP: drop the connection as a real device would
                }
                byte[] pdu = new byte[length - 1];
                in.readFully(pdu);
                byte[] answer = answer(pdu);
                if (answer == null) {
                    continue; // silent
                }
                byte[] frame = new byte[7 + answer.length];
                System.arraycopy(header, 0, frame, 0, 4);
                frame[4] = (byte) ((answer.length + 1) >> 8);
                frame[5] = (byte) (answer.length + 1);
                frame[6] = header[6];
                System.arraycopy(answer, 0, frame, 7, answer.length);
                out.write(frame);
                out.flush();
            }
        } catch (EOFException | SocketTimeoutException e) {
            // client went away or idled out
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("Simulated {}: connection ended: {}", name, e.getMessage());
            }
        } finally {
            clients.remove(s);
            workers.remove(Thread.currentThread());
        }
    }

    /** The response PDU, or null to stay silent. */
    byte[] answer(byte[] pdu) {
        int function = pdu[0] & 0xFF;
        FaultMode fault = device.fault();
        if (fault == FaultMode.SILENT) {
            return null;
        }
        if (fault == FaultMode.EXCEPTION) {
            return new byte[] {(byte) (function | 0x80), ModbusFault.DEVICE_BUSY};
        }
        try {
            return switch (function) {
                case 1, 2 -> readBits(function, pdu);
                case 3, 4 -> readRegisters(function, pdu);
                case 5 -> writeCoil(pdu);
                case 6 -> writeRegister(pdu);
                case 15, 16 -> writeMultiple(function, pdu);
                default -> throw new ModbusFault(ModbusFault.ILLEGAL_FUNCTION, "function " + function);
            };
        } catch (ModbusFault f) {
            return new byte[] {(byte) (function | 0x80), (byte) f.code};
        } catch (ArrayIndexOutOfBoundsException e) {
            return new byte[] {(byte) (function | 0x80), ModbusFault.ILLEGAL_VALUE}; // request too short
        }
    }

    private static int word(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private byte[] readRegisters(int function, byte[] pdu) throws ModbusFault {
        int address = word(pdu, 1);
        int count = word(pdu, 3);
        if (count < 1 || count > 125) {
            throw new ModbusFault(ModbusFault.ILLEGAL_VALUE, "count " + count);
        }
        int[] regs = device.read(function, address, count);
        byte[] out = new byte[2 + 2 * count];
        out[0] = (byte) function;
        out[1] = (byte) (2 * count);
        for (int i = 0; i < count; i++) {
            out[2 + 2 * i] = (byte) (regs[i] >> 8);
            out[3 + 2 * i] = (byte) regs[i];
        }
        return out;
    }

    private byte[] readBits(int function, byte[] pdu) throws ModbusFault {
        int address = word(pdu, 1);
        int count = word(pdu, 3);
        if (count < 1 || count > 2000) {
            throw new ModbusFault(ModbusFault.ILLEGAL_VALUE, "count " + count);
        }
        int[] bits = device.read(function, address, count);
        int bytes = (count + 7) / 8;
        byte[] out = new byte[2 + bytes];
        out[0] = (byte) function;
        out[1] = (byte) bytes;
        for (int i = 0; i < count; i++) {
            if (bits[i] != 0) {
                out[2 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    private byte[] writeCoil(byte[] pdu) throws ModbusFault {
        int value = word(pdu, 3);
        if (value != 0xFF00 && value != 0) {
            throw new ModbusFault(ModbusFault.ILLEGAL_VALUE, "coil value " + value);
        }
        device.write(1, word(pdu, 1), new int[] {value == 0xFF00 ? 1 : 0});
        return java.util.Arrays.copyOf(pdu, 5);
    }

    private byte[] writeRegister(byte[] pdu) throws ModbusFault {
        device.write(3, word(pdu, 1), new int[] {word(pdu, 3)});
        return java.util.Arrays.copyOf(pdu, 5);
    }

    private byte[] writeMultiple(int function, byte[] pdu) throws ModbusFault {
        int address = word(pdu, 1);
        int count = word(pdu, 3);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = function == 16 ? word(pdu, 6 + 2 * i) : (pdu[6 + i / 8] >> (i % 8)) & 1;
        }
        device.write(function == 16 ? 3 : 1, address, values);
        return java.util.Arrays.copyOf(pdu, 5);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : clients) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        join(acceptor);
        for (Thread t : workers) {
            join(t);
        }
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
