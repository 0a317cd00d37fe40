package org.cabinetgw.campaign;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;

/**
 * A Modbus TCP meter the campaign can make misbehave: it answers "read holding registers" (function 3) with
 * 2300 (230.0 V at scale 0.1) in every register while HEALTHY; SILENT reads requests and answers nothing;
 * GARBAGE answers every request with random bytes; EXCEPTION answers with exception 4 (server device failure);
 * SLOW answers as HEALTHY after {@link #SLOW_MILLIS}.
 */
final class ModbusMeterPeer implements AutoCloseable {

    enum Mode { HEALTHY, SLOW, SILENT, GARBAGE, EXCEPTION }

    /** How long a SLOW meter takes to answer. */
    static final long SLOW_MILLIS = 300;

    private final ServerSocket server;
    private final Random random;
    private volatile Mode mode = Mode.HEALTHY;

    ModbusMeterPeer(long seed) throws IOException {
        random = new Random(seed);
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "campaign-meter");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode m) {
        mode = m;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "campaign-meter-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                int transaction = in.readUnsignedShort();
                in.readUnsignedShort(); // protocol 0
                int length = in.readUnsignedShort();
                byte[] rest = new byte[length];
                in.readFully(rest); // unit, function, data
                int unit = rest[0] & 0xff;
                int function = rest[1] & 0xff;
                byte[] pdu;
                switch (mode) {
                case SILENT -> {
                    continue;
                }
                case GARBAGE -> {
                    byte[] junk = new byte[3 + random.nextInt(20)];
                    random.nextBytes(junk);
                    out.write(junk);
                    out.flush();
                    continue;
                }
                case EXCEPTION -> pdu = new byte[] { (byte) (function | 0x80), 4 };
                default -> {
                    if (mode == Mode.SLOW) {
                        try {
                            Thread.sleep(SLOW_MILLIS);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (function != 3 && function != 4) {
                        pdu = new byte[] { (byte) (function | 0x80), 1 };
                    } else {
                        int count = ((rest[4] & 0xff) << 8) | (rest[5] & 0xff);
                        pdu = new byte[2 + 2 * count];
                        pdu[0] = (byte) function;
                        pdu[1] = (byte) (2 * count);
                        for (int i = 0; i < count; i++) {
                            pdu[2 + 2 * i] = (byte) (2300 >> 8);
                            pdu[3 + 2 * i] = (byte) (2300 & 0xff);
                        }
                    }
                }
                }
                byte[] frame = new byte[7 + pdu.length];
                frame[0] = (byte) (transaction >> 8);
                frame[1] = (byte) transaction;
                frame[4] = (byte) ((pdu.length + 1) >> 8);
                frame[5] = (byte) (pdu.length + 1);
                frame[6] = (byte) unit;
                System.arraycopy(pdu, 0, frame, 7, pdu.length);
                out.write(frame);
                out.flush();
            }
        } catch (IOException e) {
            // the gateway closed the connection (e.g. after garbage): it will connect again
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
