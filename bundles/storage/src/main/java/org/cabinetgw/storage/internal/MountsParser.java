package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses /proc/mounts (the kernel's {@code show_vfsmnt}: six fields separated by spaces; space, tab,
 * newline and backslash inside a field written as {@code \040 \011 \012 \134}). Pure: no I/O.
 */
public final class MountsParser {

    private MountsParser() {
    }

    public static List<MountEntry> parse(String text) throws SourceFormatException {
        if (text == null || text.isBlank()) {
            throw new SourceFormatException("mounts table is empty");
        }
        List<MountEntry> out = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.strip().split(" ");
            if (f.length < 4 || f.length > 6) {
                throw new SourceFormatException("mounts line " + lineNo + " has " + f.length
                        + " fields, expected 6: '" + (line.length() > 120 ? line.substring(0, 120) + "..." : line) + "'");
            }
            String mountPoint = unescape(f[1], lineNo);
            if (!mountPoint.startsWith("/")) {
                throw new SourceFormatException("mounts line " + lineNo + ": mount point '" + mountPoint
                        + "' is not an absolute path");
            }
            out.add(new MountEntry(unescape(f[0], lineNo), mountPoint, f[2], Arrays.asList(f[3].split(","))));
        }
        return out;
    }

    /** The entry that is visible at {@code mountPoint}: the last one mounted there. */
    public static Optional<MountEntry> find(List<MountEntry> mounts, String mountPoint) {
        MountEntry found = null;
        for (MountEntry m : mounts) {
            if (m.mountPoint().equals(mountPoint)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    static String unescape(String field, int lineNo) throws SourceFormatException {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\') {
                if (i + 3 >= field.length()) {
                    throw new SourceFormatException("mounts line " + lineNo + ": cut escape in '" + field + "'");
                }
                String octal = field.substring(i + 1, i + 4);
                if (!octal.matches("[0-3][0-7][0-7]")) {
                    throw new SourceFormatException("mounts line " + lineNo + ": bad escape \\" + octal);
                }
                sb.append((char) Integer.parseInt(octal, 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
