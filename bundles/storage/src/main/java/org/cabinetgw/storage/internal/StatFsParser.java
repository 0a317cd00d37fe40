package org.cabinetgw.storage.internal;

/**
 * Parses the output of {@code stat -f -c '%S %b %f %a %c %d' <path>} (GNU coreutils): block size, total,
 * free and available blocks, total and free inodes. Pure: no I/O.
 */
public final class StatFsParser {

    /** The format passed to stat; the parser reads exactly these six numbers. */
    public static final String FORMAT = "%S %b %f %a %c %d";

    private StatFsParser() {
    }

    public static FsUsage parse(String text) throws SourceFormatException {
        if (text == null || text.isBlank()) {
            throw new SourceFormatException("stat -f printed nothing");
        }
        String[] f = text.strip().split("\\s+");
        if (f.length != 6) {
            throw new SourceFormatException("stat -f printed " + f.length + " fields, expected 6: '"
                    + (text.length() > 100 ? text.substring(0, 100) + "..." : text.strip()) + "'");
        }
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
            try {
                v[i] = Long.parseLong(f[i]);
            } catch (NumberFormatException e) {
                throw new SourceFormatException("stat -f field " + (i + 1) + " is not a number: '"
                        + (f[i].length() > 40 ? f[i].substring(0, 40) + "..." : f[i]) + "'");
            }
            if (v[i] < 0) {
                throw new SourceFormatException("stat -f field " + (i + 1) + " is negative: " + v[i]);
            }
        }
        if (v[0] == 0 || v[2] > v[1] || v[3] > v[1] || v[5] > v[4]) {
            throw new SourceFormatException("stat -f numbers are inconsistent: '" + text.strip() + "'");
        }
        return new FsUsage(v[0], v[1], v[2], v[3], v[4], v[5]);
    }
}
