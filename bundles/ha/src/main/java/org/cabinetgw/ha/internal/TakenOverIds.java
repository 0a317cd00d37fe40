package org.cabinetgw.ha.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cabinetgw.support.internal.data.DurableFile;

/**
 * The ids of the messages this node took over at its last takeover ({@code <data>/ha/taken-over}, one per line): the
 * old active's accepted, unacknowledged messages that this node's uplink now delivers. The deposed node still holds
 * them in its own queue; when it returns as this node's standby the replication stream tells it these ids
 * ({@code TAKEN_OVER}) and it discards them, instead of sending them again (duplicates of ids the cloud has seen) the
 * next time it acts. Replaced at every takeover, kept across restarts (the deposed node may come back days later).
 */
final class TakenOverIds {

    private final Path file;

    TakenOverIds(Path file) {
        this.file = file;
    }

    /**
     * Stores the ids of this takeover (none: an empty file) and returns once they are on disk. An id with a line
     * break (never one of {@code Message.newId()}) cannot be stored and is left out: at worst it is sent twice.
     */
    synchronized void replace(List<String> ids) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            if (id.indexOf('\n') < 0 && id.indexOf('\r') < 0) {
                text.append(id).append('\n');
            }
        }
        DurableFile.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The stored ids, in the order taken over; none when the file does not exist. */
    synchronized List<String> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                ids.add(line);
            }
        }
        return ids;
    }
}
