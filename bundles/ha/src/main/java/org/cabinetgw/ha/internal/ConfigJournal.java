package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record of what configuration replication applied, deleted or refused on this node:
 * {@code <data>/ha/config-journal}, one line each, {@code <time> <WHAT> <pid> <detail>}, the same sentence in the log.
 * It names PIDs, property names and reasons, never a value (a value may be a secret). At {@link #MAX_BYTES} the file
 * moves to {@code config-journal.1} (the one before is dropped).
 */
final class ConfigJournal {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigJournal.class);
    static final long MAX_BYTES = 256 * 1024;

    private final Path file;

    ConfigJournal(Path file) {
        this.file = file;
    }

    synchronized void applied(String pid, Collection<String> keys) {
        LOG.info("Configuration {} applied as the active has it (changed: {})", pid, keys);
        write("APPLIED " + pid + " changed " + keys);
    }

    synchronized void deleted(String pid, String why) {
        LOG.info("Configuration {} deleted: {}", pid, why);
        write("DELETED " + pid + " " + why);
    }

    synchronized void refused(String pid, String reason, String detail) {
        LOG.warn("{} from the active refused ({}): {}", "?".equals(pid) ? "A configuration" : "Configuration " + pid,
                reason, detail);
        write("REFUSED " + pid + " " + reason + " " + detail);
    }

    private void write(String line) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file) && Files.size(file) > MAX_BYTES) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(file, (Instant.now() + " " + line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("The configuration journal {} cannot be written: {}", file, e.getMessage());
        }
    }
}
