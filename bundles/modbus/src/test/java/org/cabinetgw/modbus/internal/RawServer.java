package org.cabinetgw.modbus.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP server for hostile-input tests: it reads Modbus TCP requests (MBAP + PDU) and lets the test
 * decide, per request, which bytes go back (or none, or a close). Real sockets, no mocks.
 */
final class RawServer implements AutoCloseable {

    /** Decides the answer to one request; return null to stay silent, an empty array to close the socket. */
    @FunctionalInterface
    interface Behaviour {
        byte[] answer(int requestNumber, byte[] mbap, byte[] pdu) throws IOException;
    }

    /** Thrown by a behaviour: write these bytes, then close the connection (a frame cut short). */
    static final class CutAfter extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final byte[] bytes;

        CutAfter(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closedByClient = new AtomicInteger();

    RawServer(Behaviour behaviour) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, behaviour), "raw-modbus-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-modbus-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve(Socket s, Behaviour behaviour) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            DataInputStream din = new DataInputStream(in);
            while (true) {
                byte[] mbap = new byte[7];
                din.readFully(mbap);
                int len = ((mbap[4] & 0xFF) << 8) | (mbap[5] & 0xFF);
                byte[] pdu = new byte[len - 1];
                din.readFully(pdu);
                byte[] answer;
                try {
                    answer = behaviour.answer(requests.incrementAndGet(), mbap, pdu);
                } catch (CutAfter cut) {
                    out.write(cut.bytes);
                    out.flush();
                    return;
                }
                if (answer == null) {
                    continue;
                }
                if (answer.length == 0) {
                    return;
                }
                out.write(answer);
                out.flush();
            }
        } catch (java.io.EOFException e) {
            closedByClient.incrementAndGet();
        } catch (IOException e) {
            // socket closed by the test
        }
    }

    int port() {
        return server.getLocalPort();
    }

    /** A well-formed answer to a read-registers request: registers hold their address. */
    static byte[] registersAnswer(byte[] mbap, byte[] pdu) {
        int address = ((pdu[1] & 0xFF) << 8) | (pdu[2] & 0xFF);
        int count = ((pdu[3] & 0xFF) << 8) | (pdu[4] & 0xFF);
        byte[] out = new byte[9 + 2 * count];
        System.arraycopy(mbap, 0, out, 0, 4);
        int len = 3 + 2 * count;
        out[4] = (byte) (len >> 8);
        out[5] = (byte) len;
        out[6] = mbap[6];
        out[7] = pdu[0];
        out[8] = (byte) (2 * count);
        for (int i = 0; i < count; i++) {
            out[9 + 2 * i] = (byte) ((address + i) >> 8);
            out[10 + 2 * i] = (byte) (address + i);
        }
        return out;
    }

    /** An exception answer with the given code. */
    static byte[] exceptionAnswer(byte[] mbap, byte[] pdu, int code) {
        return new byte[] {mbap[0], mbap[1], 0, 0, 0, 3, mbap[6], (byte) (pdu[0] | 0x80), (byte) code};
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
