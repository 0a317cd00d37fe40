package org.cabinetgw.runtime;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * Raw Modbus TCP writes (function 16, write multiple holding registers), as a technician's tool would send them:
 * a few bytes by hand, none of the gateway's Modbus code, so the peer's registers change under the gateway's
 * polls while it runs.
 */
final class ModbusWrites {

    private ModbusWrites() {
    }

    /** Writes a float32 (big-endian words, ABCD) at the holding register {@code address}. */
    static void float32(int port, int address, float value) throws IOException {
        int bits = Float.floatToIntBits(value);
        registers(port, address, (bits >>> 16) & 0xFFFF, bits & 0xFFFF);
    }

    /** Writes the holding registers from {@code address} on, and checks the server's answer. */
    static void registers(int port, int address, int... words) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(13 + 2 * words.length);
        b.putShort((short) 1).putShort((short) 0).putShort((short) (7 + 2 * words.length)).put((byte) 1); // MBAP, unit 1
        b.put((byte) 16).putShort((short) address).putShort((short) words.length).put((byte) (2 * words.length));
        for (int w : words) {
            b.putShort((short) w);
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(b.array());
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[9]; // an exception answer is this long, a confirmation 3 bytes longer
            in.readFully(answer);
            if (answer[7] == 16) {
                in.readFully(new byte[3]);
            } else {
                throw new IOException("the Modbus server refused the write: function " + (answer[7] & 0xFF)
                        + ", exception " + (answer[8] & 0xFF));
            }
        }
    }
}
