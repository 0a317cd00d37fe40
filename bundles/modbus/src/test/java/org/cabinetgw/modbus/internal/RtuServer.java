package org.cabinetgw.modbus.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A serial-to-Ethernet gateway as the line sees it: RTU frames (unit, PDU, CRC-16) over TCP. Answers
 * reads of holding registers with registers holding their address and echoes single-register writes;
 * {@link Mode} makes it misbehave. It checks the requests' CRC with its own CRC code, independent of ours.
 */
final class RtuServer implements AutoCloseable {

    enum Mode { GOOD, BAD_CRC, WRONG_UNIT, ILLEGAL_ADDRESS, SILENT, CUT }

    private final ServerSocket server;
    private volatile Mode mode;
    private volatile int lastUnit = -1;
    final AtomicInteger badRequests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();

    RtuServer(Mode mode) throws IOException {
        this.mode = mode;
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connections.incrementAndGet();
                    serve(s);
                } catch (IOException e) {
                    // next connection, or closed
                }
            }
        }, "rtu-gateway");
        t.setDaemon(true);
        t.start();
    }

    void mode(Mode m) {
        mode = m;
    }

    private void serve(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        DataInputStream in = new DataInputStream(s.getInputStream());
        while (true) {
            byte[] req = new byte[8]; // functions 3 and 6 are 8 bytes with their CRC
            in.readFully(req);
            if (crc(req, 6) != ((req[6] & 0xFF) | (req[7] & 0xFF) << 8)) {
                badRequests.incrementAndGet();
                continue; // a real device ignores a frame with a bad CRC
            }
            lastUnit = req[0] & 0xFF;
            if (mode == Mode.SILENT) {
                continue;
            }
            byte[] a;
            if (mode == Mode.ILLEGAL_ADDRESS) {
                a = new byte[] {req[0], (byte) (req[1] | 0x80), 2, 0, 0};
            } else if (req[1] == 6) {
                a = java.util.Arrays.copyOf(req, 8);
            } else {
                int address = (req[2] & 0xFF) << 8 | (req[3] & 0xFF);
                int count = (req[4] & 0xFF) << 8 | (req[5] & 0xFF);
                a = new byte[5 + 2 * count];
                a[0] = mode == Mode.WRONG_UNIT ? (byte) (req[0] + 1) : req[0];
                a[1] = req[1];
                a[2] = (byte) (2 * count);
                for (int i = 0; i < count; i++) {
                    a[3 + 2 * i] = (byte) ((address + i) >> 8);
                    a[4 + 2 * i] = (byte) (address + i);
                }
            }
            int c = crc(a, a.length - 2) ^ (mode == Mode.BAD_CRC ? 0x5A5A : 0);
            a[a.length - 2] = (byte) c;
            a[a.length - 1] = (byte) (c >> 8);
            if (mode == Mode.CUT) {
                out.write(a, 0, a.length / 2); // half a frame, then the line drops
                out.flush();
                return;
            }
            out.write(a);
            out.flush();
        }
    }

    /** CRC-16/MODBUS written out bit by bit with the unreflected polynomial, to differ from the code under test. */
    static int crc(byte[] data, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                boolean lsb = (crc & 1) != 0;
                crc >>>= 1;
                if (lsb) {
                    crc ^= Integer.reverse(0x8005) >>> 16; // 0xA001
                }
            }
        }
        return crc;
    }

    int port() {
        return server.getLocalPort();
    }

    int lastUnit() {
        return lastUnit;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
