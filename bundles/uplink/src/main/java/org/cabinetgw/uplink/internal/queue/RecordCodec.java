package org.cabinetgw.uplink.internal.queue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import org.cabinetgw.telemetry.Priority;

/**
 * The on-disk record format of the queue's segment files. Every record is framed as
 *
 * <pre>
 *   magic   u16  0xCB17          lets a reader find the next record after damage
 *   length  u32  body length
 *   crc     u32  CRC32C of the body
 *   body    length bytes
 * </pre>
 *
 * A DATA body is {@code type=1, seq u64, priority u8, idLen u8, id, topicLen u16, topic, payload}; the
 * priority byte holds the ordinal in its low nibble and flags in its high one (0x80: an aggregate, see
 * {@link QueuedMessage#aggregate()}; an older reader skips such a record as damaged, losing only the
 * aggregate, which is derived data); an
 * ACK body is {@code type=2, count u32, seq u64 * count} and removes those sequence numbers (delivered
 * or evicted). Little work per record and one CRC over the body: appending stays cheap, damage is found.
 */
final class RecordCodec {

    static final short MAGIC = (short) 0xCB17;
    static final int HEADER = 2 + 4 + 4;
    static final byte TYPE_DATA = 1;
    static final byte TYPE_ACK = 2;
    /** First record of every segment: the next sequence number, so numbering survives an empty queue. */
    static final byte TYPE_SEQ = 3;
    /** No body is larger; a length above it is damage, not a record. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    /** High bit of a DATA record's priority byte: the message is an aggregate. */
    static final int FLAG_AGGREGATE = 0x80;

    private RecordCodec() {
    }

    static int dataRecordSize(QueuedMessage m) {
        return HEADER + dataBodySize(m);
    }

    private static int dataBodySize(QueuedMessage m) {
        return 1 + 8 + 1 + 1 + utf8Length(m.id()) + 2 + utf8Length(m.topic()) + m.payload().length;
    }

    static int ackRecordSize(int count) {
        return HEADER + 1 + 4 + 8 * count;
    }

    static void writeData(ByteBuffer out, QueuedMessage m) {
        byte[] id = m.id().getBytes(StandardCharsets.UTF_8);
        byte[] topic = m.topic().getBytes(StandardCharsets.UTF_8);
        int bodyLength = 1 + 8 + 1 + 1 + id.length + 2 + topic.length + m.payload().length;
        int bodyStart = out.position() + HEADER;
        out.putShort(MAGIC).putInt(bodyLength).putInt(0);
        byte priorityAndFlags = (byte) (m.priority().ordinal() | (m.aggregate() ? FLAG_AGGREGATE : 0));
        out.put(TYPE_DATA).putLong(m.seq()).put(priorityAndFlags).put((byte) id.length).put(id)
                .putShort((short) topic.length).put(topic).put(m.payload());
        out.putInt(bodyStart - 4, crc(out, bodyStart, bodyLength));
    }

    static void writeAck(ByteBuffer out, long[] seqs, int count) {
        int bodyLength = 1 + 4 + 8 * count;
        int bodyStart = out.position() + HEADER;
        out.putShort(MAGIC).putInt(bodyLength).putInt(0);
        out.put(TYPE_ACK).putInt(count);
        for (int i = 0; i < count; i++) {
            out.putLong(seqs[i]);
        }
        out.putInt(bodyStart - 4, crc(out, bodyStart, bodyLength));
    }

    static int seqRecordSize() {
        return HEADER + 1 + 8;
    }

    static void writeSeq(ByteBuffer out, long nextSeq) {
        int bodyStart = out.position() + HEADER;
        out.putShort(MAGIC).putInt(1 + 8).putInt(0);
        out.put(TYPE_SEQ).putLong(nextSeq);
        out.putInt(bodyStart - 4, crc(out, bodyStart, 1 + 8));
    }

    static int crc(ByteBuffer buffer, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.slice(offset, length));
        return (int) crc.getValue();
    }

    /** Decodes a DATA body whose CRC has been checked; throws IllegalArgumentException when it makes no sense. */
    static QueuedMessage readData(ByteBuffer body) {
        body.get(); // type
        long seq = body.getLong();
        int prioAndFlags = body.get() & 0xFF;
        int prio = prioAndFlags & 0x0F;
        if ((prioAndFlags & ~(0x0F | FLAG_AGGREGATE)) != 0 || prio >= Priority.values().length) {
            throw new IllegalArgumentException("priority byte " + prioAndFlags);
        }
        byte[] id = new byte[body.get() & 0xFF];
        body.get(id);
        byte[] topic = new byte[body.getShort() & 0xFFFF];
        body.get(topic);
        byte[] payload = new byte[body.remaining()];
        body.get(payload);
        return new QueuedMessage(seq, new String(id, StandardCharsets.UTF_8), Priority.values()[prio],
                new String(topic, StandardCharsets.UTF_8), payload, (prioAndFlags & FLAG_AGGREGATE) != 0);
    }

    static long[] readAck(ByteBuffer body) {
        body.get();
        int count = body.getInt();
        if (count < 0 || count * 8L != body.remaining()) {
            throw new IllegalArgumentException("ack count " + count);
        }
        long[] seqs = new long[count];
        for (int i = 0; i < count; i++) {
            seqs[i] = body.getLong();
        }
        return seqs;
    }

    /**
     * Exactly {@code s.getBytes(UTF_8).length}, without encoding: a record's size is computed before it
     * is written. An unpaired surrogate counts 1, as the encoder writes {@code '?'} for it.
     */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n++;
                }
            } else {
                n += 3;
            }
        }
        return n;
    }
}
