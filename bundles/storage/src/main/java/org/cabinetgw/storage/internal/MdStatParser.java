package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cabinetgw.storage.SyncAction;

/**
 * Parses /proc/mdstat as the kernel's md driver prints it (drivers/md/md.c, md_seq_show and
 * status_resync; the personalities' status functions; md-bitmap.c for the bitmap line). Pure: no I/O.
 *
 * <p>Two levels of trust. The file as a whole: it starts with {@code Personalities :} and always ends with
 * {@code unused devices:}; a file without that last line was cut short and is refused, so a half-read file
 * never looks like vanished arrays; a top-level line that is neither an array ({@code mdX : ...}) nor one of
 * the known lines means this is not an mdstat, and is refused too. Each array's block (its line and the
 * indented lines under it) is then read on its own: a block this parser cannot understand is reported in
 * {@link Result#refused()} with the line that stopped it, and every other array is kept. Indented lines of a
 * kind this parser does not know are counted in {@link Result#ignoredLines()} so a future kernel adding a
 * detail line does not blind the monitor.
 */
public final class MdStatParser {

    /**
     * The parsed file.
     *
     * @param mdstat       the arrays that could be read
     * @param ignoredLines indented lines of no known kind (the arrays they belong to are in {@code mdstat})
     * @param refused      arrays whose block could not be understood, in file order
     */
    public record Result(MdStat mdstat, List<String> ignoredLines, List<RefusedArray> refused) {

        public Result {
            ignoredLines = List.copyOf(ignoredLines);
            refused = List.copyOf(refused);
        }
    }

    /**
     * An array listed in the file whose block could not be understood.
     *
     * @param name   the array's name, from its first line
     * @param reason what stopped the parser, with the line number and the line
     */
    public record RefusedArray(String name, String reason) {
    }

    /** The kernel names arrays md0, md_d0 (partitionable) or md_NAME (named arrays). */
    private static final Pattern ARRAY_HEAD = Pattern.compile("^(md[A-Za-z0-9_.-]{0,32}) : ?(.*)$");
    private static final Pattern MEMBER = Pattern.compile("^([^\\s\\[\\]()]+)\\[(\\d+)\\]((?:\\([WJFSR]\\))*)$");
    private static final Pattern PERSONALITY = Pattern.compile("^[a-z][a-z0-9_-]*$");
    private static final Pattern BLOCKS = Pattern.compile("^(\\d+) blocks\\b(.*)$");
    private static final Pattern SUPER = Pattern.compile("\\bsuper (\\S+)");
    private static final Pattern SLOTS = Pattern.compile("\\[(\\d+)/(\\d+)\\]\\s*\\[([U_]*)\\]");
    private static final Pattern CHUNK = Pattern.compile("\\b(\\d+)[kK] (?:chunks?|rounding)\\b");
    private static final Pattern COPIES = Pattern.compile("\\b(\\d+) (?:near|far|offset)-copies\\b");
    private static final Pattern SYNC_RUNNING = Pattern.compile(
            "\\b(recovery|resync|reshape|check|repair)\\s*=\\s*(\\d{1,3}(?:\\.\\d)?)%\\s*\\((\\d+)/(\\d+)\\)"
                    + "(?:\\s+finish=(\\d+(?:\\.\\d{1,3})?)min)?(?:\\s+speed=(\\d+)K/sec)?");
    private static final Pattern SYNC_WAITING = Pattern.compile(
            "\\b(recovery|resync|reshape|check|repair)=(DELAYED|PENDING|REMOTE)\\b");
    private static final Pattern BITMAP = Pattern.compile(
            "^bitmap: (\\d+)/(\\d+) pages \\[(\\d+)KB\\], (\\d+)(KB|B) chunk(?:, file: (.+))?$");

    private static final Pattern PROGRESS_BAR = Pattern.compile("^\\[[=>.]*\\].*");

    private MdStatParser() {
    }

    /** One numbered line of the file. */
    private record Line(int number, String text) {
    }

    /** An array's first line and the indented lines under it, not yet interpreted. */
    private record Block(String name, Line head, String rest, List<Line> details) {
    }

    /**
     * Parses a whole file; throws with the line number and a sentence when it is not an mdstat (or is cut
     * short). An array whose own block cannot be understood does not make the file unreadable: it is
     * listed in {@link Result#refused()}.
     */
    public static Result parse(String text) throws SourceFormatException {
        if (text == null || text.isBlank()) {
            throw new SourceFormatException("mdstat is empty");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                throw new SourceFormatException("mdstat contains binary data (control character 0x"
                        + Integer.toHexString(c) + " at offset " + i + ")");
            }
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> personalities = null;
        List<Block> blocks = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> unused = null;
        Block current = null;

        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int lineNo = n + 1;
            if (line.isBlank()) {
                continue;
            }
            if (unused != null) {
                throw error(lineNo, "text after the final 'unused devices' line", line);
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    throw error(lineNo, "indented line outside any array", line);
                }
                current.details().add(new Line(lineNo, line.strip()));
                continue;
            }
            current = null;
            if (line.startsWith("Personalities :") || line.startsWith("Personalities:")) {
                if (personalities != null || !blocks.isEmpty()) {
                    throw error(lineNo, "second 'Personalities' line", line);
                }
                personalities = bracketed(line.substring(line.indexOf(':') + 1), lineNo);
                continue;
            }
            if (personalities == null) {
                throw error(lineNo, "does not start with 'Personalities :'", line);
            }
            if (line.startsWith("read_ahead")) {
                continue; // printed by 2.4 kernels; carries nothing we use
            }
            if (line.startsWith("unused devices:")) {
                unused = unusedDevices(line.substring("unused devices:".length()).trim());
                continue;
            }
            Matcher m = ARRAY_HEAD.matcher(line);
            if (!m.matches()) {
                throw error(lineNo, "neither an array nor a known line", line);
            }
            if (!names.add(m.group(1))) {
                throw error(lineNo, "array " + m.group(1) + " listed twice", line);
            }
            current = new Block(m.group(1), new Line(lineNo, line), m.group(2), new ArrayList<>());
            blocks.add(current);
        }
        if (personalities == null) {
            throw new SourceFormatException("mdstat has no 'Personalities' line");
        }
        if (unused == null) {
            throw new SourceFormatException(
                    "mdstat is truncated: it ends without the 'unused devices' line (" + lines.length + " lines read)");
        }
        List<MdArray> arrays = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<RefusedArray> refused = new ArrayList<>();
        for (Block b : blocks) {
            try {
                arrays.add(array(b, ignored));
            } catch (SourceFormatException e) {
                refused.add(new RefusedArray(b.name(), e.getMessage()));
            }
        }
        return new Result(new MdStat(personalities, arrays, unused), ignored, refused);
    }

    /** Reads one array's block; throws naming the line it cannot understand. */
    private static MdArray array(Block b, List<String> ignored) throws SourceFormatException {
        ArrayBuilder builder = ArrayBuilder.start(b.name(), b.rest(), b.head().number(), b.head().text());
        List<String> unknown = new ArrayList<>();
        for (Line detail : b.details()) {
            if (!builder.detail(detail.text(), detail.number())) {
                unknown.add(detail.text());
            }
        }
        MdArray array = builder.build();
        ignored.addAll(unknown); // only once the whole block is understood
        return array;
    }

    private static List<String> bracketed(String rest, int lineNo) throws SourceFormatException {
        List<String> out = new ArrayList<>();
        for (String token : rest.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            if (!token.startsWith("[") || !token.endsWith("]") || token.length() < 3) {
                throw error(lineNo, "personality '" + token + "' is not in brackets", rest);
            }
            out.add(token.substring(1, token.length() - 1));
        }
        return out;
    }

    private static List<String> unusedDevices(String rest) {
        List<String> out = new ArrayList<>();
        if (rest.isEmpty() || rest.equals("<none>")) {
            return out;
        }
        for (String token : rest.split("\\s+")) {
            int bracket = token.indexOf('[');
            out.add(bracket > 0 ? token.substring(0, bracket) : token);
        }
        return out;
    }

    static SourceFormatException error(int lineNo, String what, String line) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return new SourceFormatException("mdstat line " + lineNo + ": " + what + ": '" + shown + "'");
    }

    static long number(String digits, int lineNo, String line) throws SourceFormatException {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error(lineNo, "number out of range", line);
        }
    }

    static int smallNumber(String digits, int lineNo, String line) throws SourceFormatException {
        long value = number(digits, lineNo, line);
        if (value > 1_000_000) {
            throw error(lineNo, "number out of range", line);
        }
        return (int) value;
    }

    static double decimal(String text, int lineNo, String line) throws SourceFormatException {
        try {
            double value = Double.parseDouble(text);
            if (!Double.isFinite(value) || value > 1e12) {
                throw error(lineNo, "number out of range", line);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(lineNo, "number out of range", line);
        }
    }

    /** Collects one array's lines. */
    private static final class ArrayBuilder {
        private final String name;
        private boolean active;
        private boolean broken;
        private String readOnly = "";
        private String personality = "";
        private final List<MdMember> members = new ArrayList<>();
        private long blocks = -1;
        private String superblock = "";
        private int raidDevices = -1;
        private int workingDevices = -1;
        private String slots = "";
        private int slotsLine;
        private String slotsText = "";
        private int chunkKiB = -1;
        private int copies = -1;
        private MdSync sync;
        private MdBitmap bitmap;

        private ArrayBuilder(String name) {
            this.name = name;
        }

        /**
         * The array line: {@code active|broken [(read-only)|(auto-read-only)] PERSONALITY MEMBER...}, or
         * {@code inactive [LEVEL] MEMBER...} (the kernel prints a level on an inactive array when it knows
         * one). An array without members carries its {@code super ...} on this line, since the kernel prints
         * the blocks line only when there are members.
         */
        static ArrayBuilder start(String name, String rest, int lineNo, String line) throws SourceFormatException {
            ArrayBuilder b = new ArrayBuilder(name);
            String[] tokens = rest.trim().split("\\s+");
            switch (tokens[0]) {
                case "active" -> b.active = true;
                case "broken" -> {
                    b.active = true;
                    b.broken = true;
                }
                case "inactive" -> b.active = false;
                default -> throw error(lineNo, "unknown state '" + tokens[0] + "' of " + name
                        + " (the kernel prints active, inactive or broken)", line);
            }
            for (int i = 1; i < tokens.length; i++) {
                String token = tokens[i];
                if (b.active && (token.equals("(read-only)") || token.equals("(auto-read-only)"))
                        && b.personality.isEmpty() && b.readOnly.isEmpty()) {
                    b.readOnly = token.substring(1, token.length() - 1);
                    continue;
                }
                Matcher m = MEMBER.matcher(token);
                if (m.matches()) {
                    String flags = m.group(3);
                    b.members.add(new MdMember(m.group(1), smallNumber(m.group(2), lineNo, line), flags.contains("(W)"),
                            flags.contains("(J)"), flags.contains("(F)"), flags.contains("(S)"), flags.contains("(R)")));
                    continue;
                }
                // the kernel prints the personality before the members
                if (b.personality.isEmpty() && b.members.isEmpty() && PERSONALITY.matcher(token).matches()
                        && !token.equals("super")) {
                    b.personality = token;
                    continue;
                }
                // no members, so no blocks line: the kernel appends the super and the personality's status
                // ([n/m] [__], chunks) to this line
                if (b.members.isEmpty()) {
                    String tail = String.join(" ", java.util.Arrays.copyOfRange(tokens, i, tokens.length));
                    boolean layout = b.layout(tail, lineNo, line);
                    if (b.slots(tail, lineNo, line) || layout) {
                        break;
                    }
                }
                throw error(lineNo, "unexpected '" + token + "' in the description of " + name, line);
            }
            if (b.active && b.personality.isEmpty()) {
                throw error(lineNo, tokens[0] + " array " + name + " without a personality", line);
            }
            return b;
        }

        /** Takes one indented line; false when it is of no known kind. */
        boolean detail(String line, int lineNo) throws SourceFormatException {
            boolean known = false;
            Matcher m = BLOCKS.matcher(line);
            if (m.matches()) {
                blocks = number(m.group(1), lineNo, line);
                layout(m.group(2), lineNo, line);
                known = true;
            }
            known |= slots(line, lineNo, line);
            m = SYNC_RUNNING.matcher(line);
            if (m.find()) {
                double percent = decimal(m.group(2), lineNo, line);
                if (percent > 100.0) {
                    throw error(lineNo, "progress above 100 % for " + name, line);
                }
                sync = new MdSync(action(m.group(1)), MdSync.Status.RUNNING, percent, number(m.group(3), lineNo, line),
                        number(m.group(4), lineNo, line), m.group(5) == null ? -1 : decimal(m.group(5), lineNo, line),
                        m.group(6) == null ? -1 : number(m.group(6), lineNo, line));
                return true;
            }
            m = SYNC_WAITING.matcher(line);
            if (m.find()) {
                sync = MdSync.waiting(action(m.group(1)), MdSync.Status.valueOf(m.group(2)));
                return true;
            }
            if (line.startsWith("bitmap:")) {
                m = BITMAP.matcher(line);
                if (!m.matches()) {
                    throw error(lineNo, "malformed bitmap line of " + name, line);
                }
                long chunk = number(m.group(4), lineNo, line);
                bitmap = new MdBitmap(number(m.group(1), lineNo, line), number(m.group(2), lineNo, line),
                        number(m.group(3), lineNo, line), m.group(5).equals("KB") ? chunk * 1024 : chunk,
                        m.group(6) == null ? "" : m.group(6));
                return true;
            }
            if (PROGRESS_BAR.matcher(line).matches()) {
                throw error(lineNo, "progress bar without a readable sync action for " + name, line);
            }
            return known;
        }

        /** The metadata and layout after the size: super, chunk, copies; true when any is there. */
        boolean layout(String text, int lineNo, String line) throws SourceFormatException {
            boolean known = false;
            Matcher s = SUPER.matcher(text);
            if (s.find()) {
                superblock = s.group(1);
                known = true;
            }
            Matcher c = CHUNK.matcher(text);
            if (c.find()) {
                chunkKiB = smallNumber(c.group(1), lineNo, line);
                known = true;
            }
            // raid10 prints near and far (or offset) copies when both are above 1: each block has both
            Matcher k = COPIES.matcher(text);
            while (k.find()) {
                int n = smallNumber(k.group(1), lineNo, line);
                copies = copies < 0 ? n : (int) Math.min(1_000_000L, (long) copies * n);
                known = true;
            }
            return known;
        }

        /** The personality's {@code [n/m] [UU_]}; true when it is there. */
        boolean slots(String text, int lineNo, String line) throws SourceFormatException {
            Matcher m = SLOTS.matcher(text);
            if (!m.find()) {
                return false;
            }
            raidDevices = smallNumber(m.group(1), lineNo, line);
            workingDevices = smallNumber(m.group(2), lineNo, line);
            slots = m.group(3);
            slotsLine = lineNo;
            slotsText = line;
            if (slots.length() != raidDevices) {
                throw error(lineNo, "inconsistent [n/m] [U_] of " + name + ": " + raidDevices + " devices but "
                        + slots.length() + " slots", line);
            }
            return true;
        }

        private static SyncAction action(String word) {
            return SyncAction.valueOf(word.toUpperCase(Locale.ROOT));
        }

        /**
         * Checks what only the whole block can tell. The in-sync count is at most the device count, except
         * while a replacement {@code (R)} is finishing: the kernel counts it beside the member it replaces, so
         * {@code [2/3] [UU]} is a real state.
         */
        MdArray build() throws SourceFormatException {
            long replacements = members.stream().filter(MdMember::replacement).count();
            if (workingDevices > raidDevices + replacements) {
                throw error(slotsLine, "inconsistent [n/m] of " + name + ": " + workingDevices + " in sync out of "
                        + raidDevices + (replacements == 0 ? " without a replacement (R) member"
                                : " with " + replacements + " replacement(s)"), slotsText);
            }
            return new MdArray(name, active, broken, readOnly, personality, members, blocks, superblock, raidDevices,
                    workingDevices, slots, chunkKiB, copies, sync, bitmap);
        }
    }
}
