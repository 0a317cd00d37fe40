package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the pair's two gateways logged during one trial of bundles/ha's harness. The harness prints one line per
 * trial, at its end, and no time of the fault's injection; the campaign stamps every line of its output as it
 * arrives, so a trial lies between the line before its own and its own line (the window). In that window: the
 * node's own log lines (ISO instants, {@code <data>/logs/cabinetgw.log}) dated the heartbeat paths' going down and
 * coming back, and the consoles ({@code <work>/a.out}, {@code b.out}: "HH:mm:ss.SSS" lines, stack frames after
 * them) give the log lines and stack frames of the campaign's columns.
 */
record PairTrialWindow(long fromMillis, long toMillis) {

    private static final Pattern CONSOLE_TIME = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");

    /** The first line of {@code node}'s own log in the window containing {@code text}: its instant, or null. */
    Long first(Path work, String node, String text) {
        for (String[] line : logLines(work, node)) {
            if (line[1].contains(text)) {
                return Long.parseLong(line[0]);
            }
        }
        return null;
    }

    /** The last such line in the window: its instant, or null. */
    Long last(Path work, String node, String text) {
        Long found = null;
        for (String[] line : logLines(work, node)) {
            if (line[1].contains(text)) {
                found = Long.parseLong(line[0]);
            }
        }
        return found;
    }

    /** The first such line's text, or null. */
    String firstText(Path work, String node, Pattern p) {
        for (String[] line : logLines(work, node)) {
            Matcher m = p.matcher(line[1]);
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    /** {console lines, stack frames} both gateways printed in the window. */
    int[] console(Path work) {
        int lines = 0;
        int frames = 0;
        for (String node : List.of("a", "b")) {
            int[] c = console(read(work.resolve(node + ".out")), LocalDate.now(ZoneId.systemDefault()));
            lines += c[0];
            frames += c[1];
        }
        return new int[] { lines, frames };
    }

    int[] console(List<String> out, LocalDate day) {
        int lines = 0;
        int frames = 0;
        boolean inside = false;
        for (String l : out) {
            Matcher m = CONSOLE_TIME.matcher(l);
            if (m.find()) {
                long t = LocalTime.parse(m.group(1)).atDate(day).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                inside = t > fromMillis && t <= toMillis;
                if (inside) {
                    lines++;
                }
            } else if (inside && l.startsWith("\tat ")) {
                frames++;
            }
        }
        return new int[] { lines, frames };
    }

    /** {instant in ms, line} of each line of {@code node}'s own log in the window. */
    private List<String[]> logLines(Path work, String node) {
        List<String[]> in = new ArrayList<>();
        for (String l : read(work.resolve(node).resolve("logs/cabinetgw.log"))) {
            int space = l.indexOf(' ');
            if (space < 20) {
                continue;
            }
            try {
                long t = Instant.parse(l.substring(0, space)).toEpochMilli();
                if (t > fromMillis && t <= toMillis) {
                    in.add(new String[] { Long.toString(t), l });
                }
            } catch (RuntimeException notADatedLine) {
                // a stack frame or a continuation: not a line of its own
            }
        }
        return in;
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
