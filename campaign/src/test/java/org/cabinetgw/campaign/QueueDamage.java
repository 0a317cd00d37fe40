package org.cabinetgw.campaign;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Damage to the uplink's queue while the gateway is stopped, as a failing disk or a bad sector leaves it: 16
 * bytes flipped in the middle of what the newest segment holds (segments are preallocated with zeros, so the
 * written part ends at the last non-zero byte). Everything in it was delivered before the orderly stop, so the
 * damage may cost duplicates (an acknowledgement lost), never a message.
 */
final class QueueDamage {

    static final int BYTES = 16;

    private QueueDamage() {
    }

    /** Flips bytes in the newest segment under {@code queue}; where, for the row. */
    static String corruptNewestSegment(Path queue) throws IOException {
        Optional<Path> newest;
        try (Stream<Path> files = Files.walk(queue)) {
            newest = files.filter(p -> p.getFileName().toString().endsWith(".seg")).max(Comparator.comparing(Path::getFileName));
        }
        if (newest.isEmpty()) {
            throw new IOException("no queue segment under " + queue);
        }
        try (RandomAccessFile f = new RandomAccessFile(newest.get().toFile(), "rw")) {
            long written = writtenLength(f);
            long at = Math.max(0, written / 2 - BYTES / 2);
            byte[] b = new byte[BYTES];
            f.seek(at);
            f.readFully(b);
            for (int i = 0; i < b.length; i++) {
                b[i] ^= (byte) 0x5a;
            }
            f.seek(at);
            f.write(b);
            f.getFD().sync();
            return newest.get().getFileName() + " at " + at + " of " + written + " written bytes";
        }
    }

    private static long writtenLength(RandomAccessFile f) throws IOException {
        byte[] block = new byte[64 * 1024];
        long last = 0;
        long length = f.length();
        for (long pos = 0; pos < length; pos += block.length) {
            int n = (int) Math.min(block.length, length - pos);
            f.seek(pos);
            f.readFully(block, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (block[i] != 0) {
                    last = pos + i + 1;
                    break;
                }
            }
        }
        return last;
    }

    /** The uplink said at its start that it skipped damaged records, or cut a damaged tail. */
    static boolean reported(List<String> lines) {
        return lines.stream().anyMatch(l -> l.contains("damaged records skipped") || l.contains("discarded (torn write)"));
    }
}
