package org.cabinetgw.modbus.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A serial-to-Ethernet gateway as the line sees it: RTU frames (unit, PDU, CRC-16) over a TCP socket.
 * Answers read-holding-registers with registers holding their address; with {@code corruptCrc} every
 * answer's CRC is wrong. Checks the request's CRC itself, with its own CRC code.
 */
final class RtuServer implements AutoCloseable {

    private final ServerSocket server;
    private volatile int lastUnit = -1;

    RtuServer(boolean corruptCrc) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                while (true) {
                    byte[] req = new byte[8];
                    in.readFully(req);
                    if (crc(req, 6) != ((req[6] & 0xFF) | (req[7] & 0xFF) << 8)) {
                        continue; // a real device ignores a frame with a bad CRC
                    }
                    lastUnit = req[0] & 0xFF;
                    int address = (req[2] & 0xFF) << 8 | (req[3] & 0xFF);
                    int count = (req[4] & 0xFF) << 8 | (req[5] & 0xFF);
                    byte[] a = new byte[5 + 2 * count];
                    a[0] = req[0];
                    a[1] = req[1];
                    a[2] = (byte) (2 * count);
                    for (int i = 0; i < count; i++) {
                        a[3 + 2 * i] = (byte) ((address + i) >> 8);
                        a[4 + 2 * i] = (byte) (address + i);
                    }
                    int c = crc(a, a.length - 2) ^ (corruptCrc ? 0x5A5A : 0);
                    a[a.length - 2] = (byte) c;
                    a[a.length - 1] = (byte) (c >> 8);
                    out.write(a);
                    out.flush();
                }
            } catch (IOException e) {
                // closed
            }
        }, "rtu-gateway");
        t.setDaemon(true);
        t.start();
    }

    /** CRC-16/MODBUS: polynomial 0xA001 (reflected 0x8005), initial value 0xFFFF. */
    static int crc(byte[] data, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
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
