package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed packages the runtime ships: the capabilities the gateway comes with, installed by the agent
 * through Deployment Admin like any package so that the cloud can update and roll them back later.
 *
 * <p>The runtime names a list file with the framework property {@link #PROPERTY}; each line is
 * {@code <sha256 hex> <file name>}, the file beside the list, in install order. The hash guards the file
 * between the launcher writing it and the agent reading it; the signature is checked as for any package.
 */
final class SeedList {

    /** Framework property: the seed list file, absolute. */
    static final String PROPERTY = "cabinetgw.deploy.seeds";
    /** Who the journal names as having asked for a seed install. */
    static final String REQUESTER = "seed";

    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64}) ([A-Za-z0-9_.-]{1,200}\\.dp)");

    record Seed(Path file, String sha256) {
    }

    private SeedList() {
    }

    /** The seeds in install order; a malformed list is refused whole, naming the line (the runtime wrote it). */
    static List<Seed> read(Path list) throws IOException {
        if (Files.size(list) > 64 * 1024) {
            throw new IOException(list + " is larger than 64 KiB: not a seed list");
        }
        List<Seed> seeds = new ArrayList<>();
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var m = LINE.matcher(line);
            // a plain file name only: a seed list cannot point the agent anywhere outside its directory
            if (!m.matches() || m.group(2).startsWith(".")) {
                throw new IOException(list + " line " + (i + 1) + " is not '<sha256 hex> <name>.dp': " + abbreviate(line));
            }
            seeds.add(new Seed(list.resolveSibling(m.group(2)), m.group(1)));
        }
        return seeds;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
