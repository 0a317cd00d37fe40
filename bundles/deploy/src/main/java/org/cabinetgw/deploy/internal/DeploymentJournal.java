package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;

/**
 * Every deployment, one JSON object per line in {@code <dir>/journal.jsonl}: who asked, what, the
 * hashes, the result and how long each step took. Appended and forced to disk per record (a handful
 * of records a day); a line torn by a power cut is skipped when read, the others stay.
 */
final class DeploymentJournal {

    private static final Gson GSON = new Gson();
    private final Path file;

    DeploymentJournal(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.file = dir.resolve("journal.jsonl");
    }

    Path file() {
        return file;
    }

    synchronized void append(JournalRecord record) throws IOException {
        byte[] line = (GSON.toJson(record.toMap()) + "\n").getBytes(StandardCharsets.UTF_8);
        // A stream, not a FileChannel: a channel closes itself when the writing thread is interrupted
        // (the agent stopping mid-deployment), and that record is the one that must not be lost.
        try (FileOutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(line);
            out.getFD().sync();
        }
    }

    synchronized List<JournalRecord> read() throws IOException {
        List<JournalRecord> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Map<String, Object> r = GSON.fromJson(line, new TypeToken<LinkedHashMap<String, Object>>() { }.getType());
                if (r != null) {
                    records.add(JournalRecord.fromMap(r));
                }
            } catch (JsonParseException e) {
                // a torn last line: skipped, the rest is kept
            }
        }
        return records;
    }
}
