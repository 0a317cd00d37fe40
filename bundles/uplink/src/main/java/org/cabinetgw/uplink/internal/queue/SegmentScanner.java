package org.cabinetgw.uplink.internal.queue;

import java.nio.ByteBuffer;

/**
 * Reads one segment's bytes record by record, for recovery. A record whose frame or checksum is wrong is
 * skipped: the scanner looks for the next position where a whole, valid record starts and counts the
 * damaged one. Damage after which no valid record follows is a torn tail (a write cut short by a crash
 * or power loss): everything from the last good record on is reported as such, to be truncated.
 */
final class SegmentScanner {

    /** What the scanner found, in file order. */
    interface Visitor {
        void data(QueuedMessage message, int offset, int recordLength);

        void ack(long[] seqs);

        void seq(long nextSeq);
    }

    /** Result of a scan. */
    record Result(int validEnd, int corruptRecords, int tornTailBytes) {
    }

    private SegmentScanner() {
    }

    static Result scan(ByteBuffer file, Visitor visitor) {
        int size = file.limit();
        int pos = 0;
        int validEnd = 0;
        int corrupt = 0;
        while (pos < size) {
            int length = validRecordLength(file, pos);
            if (length > 0 && visit(file, pos, length, visitor)) {
                pos += length;
                validEnd = pos;
                continue;
            }
            int next = findNextValid(file, pos + 1);
            if (next < 0) {
                return new Result(validEnd, corrupt, size - validEnd);
            }
            corrupt++;
            pos = next;
        }
        return new Result(validEnd, corrupt, 0);
    }

    /** The whole record's length when a well-framed record with a matching CRC starts at pos, else -1. */
    static int validRecordLength(ByteBuffer file, int pos) {
        int size = file.limit();
        if (pos + RecordCodec.HEADER > size || file.getShort(pos) != RecordCodec.MAGIC) {
            return -1;
        }
        int bodyLength = file.getInt(pos + 2);
        if (bodyLength <= 0 || bodyLength > RecordCodec.MAX_BODY || bodyLength > size - pos - RecordCodec.HEADER) {
            return -1;
        }
        int bodyStart = pos + RecordCodec.HEADER;
        if (RecordCodec.crc(file, bodyStart, bodyLength) != file.getInt(pos + 6)) {
            return -1;
        }
        return RecordCodec.HEADER + bodyLength;
    }

    private static boolean visit(ByteBuffer file, int pos, int length, Visitor visitor) {
        ByteBuffer body = file.slice(pos + RecordCodec.HEADER, length - RecordCodec.HEADER);
        try {
            switch (body.get(0)) {
                case RecordCodec.TYPE_DATA -> visitor.data(RecordCodec.readData(body), pos, length);
                case RecordCodec.TYPE_ACK -> visitor.ack(RecordCodec.readAck(body));
                case RecordCodec.TYPE_SEQ -> visitor.seq(body.getLong(1));
                default -> {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            // a checksum can match nonsense written by a bug or a hostile file: treat it as damage
            return false;
        }
    }

    private static int findNextValid(ByteBuffer file, int from) {
        int size = file.limit();
        for (int p = from; p + RecordCodec.HEADER <= size; p++) {
            if (file.getShort(p) == RecordCodec.MAGIC && validRecordLength(file, p) > 0) {
                return p;
            }
        }
        return -1;
    }
}
