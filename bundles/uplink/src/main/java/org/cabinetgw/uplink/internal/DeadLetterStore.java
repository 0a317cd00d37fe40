package org.cabinetgw.uplink.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.cabinetgw.support.internal.data.DurableFile;
import org.cabinetgw.uplink.internal.queue.QueuedMessage;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Messages the far side refused for good (an HTTP 4xx about the content, refused twice, the second time alone:
 * see {@link PendingBatches}), kept with the reason in a JSON
 * Lines file an operator can read, fix and replay: one line per message,
 * {@code {"deadLetteredAt":...,"status":400,"reason":"...","message":{...}}}. Fsync'd before the messages
 * leave the queue, so a refusal never loses them. Rotated to {@code .1} when larger than its limit.
 */
final class DeadLetterStore {

    private final Path file;
    private final long maxBytes;

    DeadLetterStore(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    synchronized void store(List<QueuedMessage> messages, int status, String reason) throws IOException {
        Files.createDirectories(file.getParent());
        if (Files.exists(file) && Files.size(file) > maxBytes) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        StringBuilder lines = new StringBuilder();
        String now = Instant.now().toString();
        for (QueuedMessage m : messages) {
            JsonObject line = new JsonObject();
            line.addProperty("deadLetteredAt", now);
            line.addProperty("status", status);
            line.addProperty("reason", reason);
            line.addProperty("id", m.id());
            try {
                line.add("message", JsonParser.parseString(m.payloadText()));
            } catch (RuntimeException e) {
                line.addProperty("messageText", m.payloadText());
            }
            lines.append(line).append('\n');
        }
        // the dispatcher that stores them may be being stopped: a stream's write survives its interrupt
        DurableFile.append(file, lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    Path file() {
        return file;
    }
}
