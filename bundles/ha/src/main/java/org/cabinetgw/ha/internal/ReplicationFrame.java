package org.cabinetgw.ha.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.cabinetgw.telemetry.Message;

/**
 * One frame of the replication stream between the pair's nodes (TCP), authenticated like the heartbeats.
 *
 * <pre>
 * u32 length | "CGHR" u8 version u8 type u8 pairIdLength pairId u64 incarnation u64 epoch u64 seq body
 *            | 32 bytes HMAC-SHA256 under the pair key over (session nonces | everything before it)
 * </pre>
 * The session nonces are 16 random bytes from each side, exchanged when the connection opens ({@link
 * ReplicationSession}): a frame recorded on another connection does not verify on this one. Within a connection the
 * sequence must be exactly the last plus one, so a frame replayed, dropped or reordered ends the connection. The MAC
 * is checked before any field is trusted; the length before anything is read. Every refusal is a
 * {@link Refused} with its reason, counted by the caller.
 */
final class ReplicationFrame {

    static final int VERSION = 1;
    static final int MAC_BYTES = 32;
    static final int NONCE_BYTES = 16;
    /** The largest frame read: a batch bigger than this is split by the sender. */
    static final int MAX_FRAME = 8 << 20;
    private static final byte[] MAGIC = {'C', 'G', 'H', 'R'};

    /** What a frame carries. */
    enum Type {
        /** active → standby: a batch of accepted messages; answered once on the standby's disk */
        APPEND,
        /** active → standby: ids the cloud acknowledged; not answered */
        ACKS,
        /** active → standby: a catch-up begins; the standby drops its replica and takes the copy that follows */
        CATCHUP_BEGIN,
        /** active → standby: the catch-up's copy is complete; answered */
        CATCHUP_END,
        /** standby → active: every frame up to {@code seq} is durable here */
        ANSWER,
        /**
         * active → standby, at each catch-up: ids this node took over at its last takeover ({@link TakenOverIds}); the
         * standby (the deposed node) discards them from its own uplink queue; not answered
         */
        TAKEN_OVER,
        /**
         * active → standby: one configuration (or its deletion), sealed ({@link ConfigReplication}); not answered.
         * Sent only to a standby whose first answer said it reads them ({@link #CONFIG_HELLO}).
         */
        CONFIG,
        /** active → standby: the PIDs of every replicated configuration, after a snapshot's CONFIG frames */
        CONFIG_SNAPSHOT_END
    }

    /**
     * The standby's first ANSWER on a connection carries this instead of a sequence: "I read CONFIG frames". An
     * older active ignores it (no batch is at or below it), so a mixed pair still replicates the queue; an older
     * standby never sends it, so it is never sent a frame type it would refuse.
     */
    static final long CONFIG_HELLO = -1;

    /** A verified frame. */
    record Frame(Type type, long incarnation, long epoch, long seq, byte[] body) {
    }

    /** A frame refused, and why (the reason is a counter's name). */
    static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        final String reason;

        Refused(String reason, String detail) {
            super(reason + ": " + detail);
            this.reason = reason;
        }
    }

    private static final Type[] TYPES = Type.values();
    private final SecretKeySpec key;
    private final byte[] pairId;
    private final byte[] nonces;

    ReplicationFrame(byte[] pairKey, String pairId, byte[] nonces) {
        this.key = new SecretKeySpec(pairKey.clone(), "HmacSHA256");
        this.pairId = pairId.getBytes(StandardCharsets.UTF_8);
        this.nonces = nonces.clone();
    }

    /** Writes one frame (not flushed). */
    void write(OutputStream out, Type type, long incarnation, long epoch, long seq, byte[] body) throws IOException {
        int length = 4 + 1 + 1 + 1 + pairId.length + 8 + 8 + 8 + body.length + MAC_BYTES;
        if (length > MAX_FRAME) {
            throw new IOException("a replication frame of " + length + " bytes is over " + MAX_FRAME);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putInt(length).put(MAGIC).put((byte) VERSION).put((byte) type.ordinal()).put((byte) pairId.length)
                .put(pairId).putLong(incarnation).putLong(epoch).putLong(seq).put(body);
        b.put(mac(b.array(), 4, b.position() - 4));
        out.write(b.array());
    }

    /**
     * Reads and verifies the next frame.
     *
     * @throws Refused     a frame that must not be believed (the connection is then closed)
     * @throws EOFException the peer closed the connection
     */
    Frame read(DataInputStream in, long expectedSeq) throws IOException {
        int length = in.readInt();
        if (length < 4 + 1 + 1 + 1 + 1 + 24 + MAC_BYTES || length > MAX_FRAME) {
            throw new Refused("MALFORMED", "a frame length of " + length);
        }
        byte[] f = new byte[length];
        in.readFully(f);
        byte[] expected = mac(f, 0, length - MAC_BYTES);
        byte[] got = java.util.Arrays.copyOfRange(f, length - MAC_BYTES, length);
        if (!MessageDigest.isEqual(expected, got)) {
            throw new Refused("BAD_MAC", "not signed with the pair key on this connection");
        }
        ByteBuffer b = ByteBuffer.wrap(f, 0, length - MAC_BYTES);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new Refused("MALFORMED", "not a replication frame");
        }
        int version = b.get();
        if (version != VERSION) {
            throw new Refused("VERSION", "version " + version + ", this node speaks " + VERSION);
        }
        int t = b.get() & 0xff;
        byte[] pair = new byte[b.get() & 0xff];
        if (t >= TYPES.length || pair.length > b.remaining() - 24) {
            throw new Refused("MALFORMED", "type " + t + ", pair id length " + pair.length);
        }
        b.get(pair);
        if (!java.util.Arrays.equals(pair, pairId)) {
            throw new Refused("FOREIGN_PAIR", "from pair '" + new String(pair, StandardCharsets.UTF_8) + "'");
        }
        long incarnation = b.getLong();
        long epoch = b.getLong();
        long seq = b.getLong();
        if (seq != expectedSeq) {
            throw new Refused("REPLAY", "sequence " + seq + ", expected " + expectedSeq);
        }
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new Frame(TYPES[t], incarnation, epoch, seq, body);
    }

    private byte[] mac(byte[] data, int offset, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            m.update(nonces);
            m.update(data, offset, length);
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    // ---------------------------------------------------------------- bodies: a count, then length-prefixed items

    static byte[] messages(List<Message> batch) {
        return items(batch.stream().map(ReplicaCodec::encode).toList());
    }

    /** @throws Refused for a body that is not a batch of messages */
    static List<Message> messages(byte[] body) throws Refused {
        List<Message> out = new ArrayList<>();
        try {
            for (byte[] e : items(body)) {
                out.add(ReplicaCodec.decode(e));
            }
        } catch (IllegalArgumentException e) {
            throw new Refused("MALFORMED", "a batch with an unreadable message (" + e.getMessage() + ")");
        }
        return out;
    }

    static byte[] ids(List<String> ids) {
        return items(ids.stream().map(i -> i.getBytes(StandardCharsets.UTF_8)).toList());
    }

    static List<String> ids(byte[] body) throws Refused {
        return items(body).stream().map(e -> new String(e, StandardCharsets.UTF_8)).toList();
    }

    private static byte[] items(List<byte[]> items) {
        ByteBuffer b = ByteBuffer.allocate(4 + items.stream().mapToInt(e -> 4 + e.length).sum()).putInt(items.size());
        items.forEach(e -> b.putInt(e.length).put(e));
        return b.array();
    }

    /** @throws Refused when the count or a length does not fit the body */
    private static List<byte[]> items(byte[] body) throws Refused {
        try {
            ByteBuffer b = ByteBuffer.wrap(body);
            int n = b.getInt();
            if (n < 0 || n > body.length / 4) {
                throw new Refused("MALFORMED", n + " items in " + body.length + " bytes");
            }
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = b.getInt();
                if (len < 0 || len > b.remaining()) {
                    throw new Refused("MALFORMED", "an item of " + len + " bytes, " + b.remaining() + " left");
                }
                byte[] e = new byte[len];
                b.get(e);
                out.add(e);
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new Refused("MALFORMED", "a body that cannot be read");
        }
    }
}
