package org.cabinetgw.ha.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.cabinetgw.ha.Role;

/**
 * The heartbeat datagram, authenticated with HMAC-SHA256 under the pair key.
 *
 * <pre>
 * "CGHA" u8 version u8 pairIdLength pairId u8 nodeIdLength nodeId u8 path u64 incarnation u64 seq u64 epoch
 * u8 role u16 priority u8 flags | 32 bytes HMAC-SHA256 over everything before it
 * </pre>
 * The MAC is checked before any field is trusted; the pair id is compared after, so a foreign pair that shares
 * the key is told apart from a forgery. Ids are 1..64 bytes of UTF-8.
 */
final class HeartbeatCodec {

    static final int VERSION = 1;
    static final int MAX_ID_BYTES = 64;
    static final int MAC_BYTES = 32;
    /** The largest valid datagram: every field at its maximum. Anything longer is refused unread. */
    static final int MAX_DATAGRAM = 4 + 1 + 1 + MAX_ID_BYTES + 1 + MAX_ID_BYTES + 1 + 8 + 8 + 8 + 1 + 2 + 1 + MAC_BYTES;
    static final int MIN_DATAGRAM = 4 + 1 + 1 + 1 + 1 + 1 + 1 + 8 + 8 + 8 + 1 + 2 + 1 + MAC_BYTES;
    private static final byte[] MAGIC = {'C', 'G', 'H', 'A'};
    private static final int FLAG_HANDOVER = 1;
    private static final Role[] ROLES = Role.values();

    private final SecretKeySpec key;

    HeartbeatCodec(byte[] pairKey) {
        if (pairKey == null || pairKey.length < 16) {
            throw new IllegalArgumentException("the pair key must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(pairKey.clone(), "HmacSHA256");
    }

    byte[] encode(Heartbeat h) {
        byte[] pair = id(h.pairId());
        byte[] node = id(h.nodeId());
        ByteBuffer b = ByteBuffer.allocate(MIN_DATAGRAM - 2 + pair.length + node.length);
        b.put(MAGIC).put((byte) VERSION);
        b.put((byte) pair.length).put(pair).put((byte) node.length).put(node);
        b.put((byte) h.path()).putLong(h.incarnation()).putLong(h.seq()).putLong(h.epoch());
        b.put((byte) h.role().ordinal()).putShort((short) h.priority()).put((byte) (h.handover() ? FLAG_HANDOVER : 0));
        b.put(mac(b.array(), b.position()));
        return b.array();
    }

    /** The heartbeat in {@code data[0..length)}, or the refusal; never throws for any input. */
    Decoded decode(byte[] data, int length, String expectedPairId) {
        if (length > MAX_DATAGRAM) {
            return Decoded.refused(Refusal.OVERSIZED);
        }
        if (length < MIN_DATAGRAM) {
            return Decoded.refused(Refusal.TRUNCATED);
        }
        ByteBuffer b = ByteBuffer.wrap(data, 0, length);
        try {
            for (byte m : MAGIC) {
                if (b.get() != m) {
                    return Decoded.refused(Refusal.MALFORMED);
                }
            }
            if ((b.get() & 0xff) != VERSION) {
                return Decoded.refused(Refusal.BAD_VERSION);
            }
            byte[] pair = readId(b);
            byte[] node = readId(b);
            if (pair == null || node == null) {
                return Decoded.refused(Refusal.MALFORMED);
            }
            int path = b.get() & 0xff;
            long incarnation = b.getLong();
            long seq = b.getLong();
            long epoch = b.getLong();
            int role = b.get() & 0xff;
            int priority = b.getShort() & 0xffff;
            int flags = b.get() & 0xff;
            int signedLength = b.position();
            if (length - signedLength < MAC_BYTES) {
                return Decoded.refused(Refusal.TRUNCATED);
            }
            if (length - signedLength > MAC_BYTES) {
                return Decoded.refused(Refusal.MALFORMED);
            }
            byte[] given = new byte[MAC_BYTES];
            b.get(given);
            if (!MessageDigest.isEqual(given, mac(data, signedLength))) {
                return Decoded.refused(Refusal.BAD_MAC);
            }
            // authenticated from here on: a value out of range is a peer bug (or a newer peer), still refused
            if (role >= ROLES.length || incarnation < 0 || seq < 0 || epoch < 0 || (flags & ~FLAG_HANDOVER) != 0) {
                return Decoded.refused(Refusal.MALFORMED);
            }
            String pairId = new String(pair, StandardCharsets.UTF_8);
            if (!pairId.equals(expectedPairId)) {
                return Decoded.refused(Refusal.FOREIGN_PAIR);
            }
            return new Decoded(new Heartbeat(pairId, new String(node, StandardCharsets.UTF_8), path, incarnation, seq,
                    epoch, ROLES[role], priority, (flags & FLAG_HANDOVER) != 0), null);
        } catch (BufferUnderflowException e) {
            return Decoded.refused(Refusal.TRUNCATED);
        }
    }

    private static byte[] readId(ByteBuffer b) {
        int n = b.get() & 0xff;
        if (n == 0 || n > MAX_ID_BYTES) {
            return null;
        }
        byte[] id = new byte[n];
        b.get(id);
        return id;
    }

    private static byte[] id(String id) {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > MAX_ID_BYTES) {
            throw new IllegalArgumentException("an id must be 1.." + MAX_ID_BYTES + " bytes of UTF-8: " + id);
        }
        return bytes;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(data, 0, length);
            return m.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }

    /** A decoded heartbeat or why not: exactly one of the two is set. */
    record Decoded(Heartbeat heartbeat, Refusal refusal) {
        static Decoded refused(Refusal r) {
            return new Decoded(null, r);
        }
    }
}
