package org.cabinetgw.network.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a minimal DNS query (RFC 1035) for an A record and recognises its answer. No parsing of records. */
final class DnsQuery {

    private DnsQuery() {
    }

    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || !label.matches("[A-Za-z0-9_-]+")) {
                return false;
            }
        }
        return true;
    }

    /** A query packet: header with {@code id}, recursion desired, one question {@code name} IN A. */
    static byte[] build(int id, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + name.length());
        out.write((id >> 8) & 0xff);
        out.write(id & 0xff);
        out.write(0x01); // RD
        out.write(0x00);
        out.write(0); out.write(1); // QDCOUNT 1
        out.write(0); out.write(0); // ANCOUNT
        out.write(0); out.write(0); // NSCOUNT
        out.write(0); out.write(0); // ARCOUNT
        for (String label : name.split("\\.")) {
            byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        out.write(0);
        out.write(0); out.write(1); // QTYPE A
        out.write(0); out.write(1); // QCLASS IN
        return out.toByteArray();
    }

    /** True when {@code packet} (first {@code length} bytes) is a response (QR set) to query {@code id}. */
    static boolean isAnswerTo(int id, byte[] packet, int length) {
        if (length < 12) {
            return false;
        }
        int got = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
        boolean response = (packet[2] & 0x80) != 0;
        return response && got == id;
    }
}
