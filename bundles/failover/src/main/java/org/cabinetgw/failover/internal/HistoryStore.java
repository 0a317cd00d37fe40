package org.cabinetgw.failover.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.failover.Episode;

/**
 * The failover history on disk: one JSON line per version of an episode, appended (an open episode is written
 * again when it changes, so a power cut mid-outage keeps what was known). Reading keeps the last version of
 * each episode; damaged lines are skipped and counted. Bounded: when the file holds twice as many lines as
 * episodes kept, it is rewritten with the newest {@code maxEpisodes}, atomically (temp file, rename).
 *
 * <p>Thread-safe: every method is synchronized; callers are the coordinator thread and HTTP/Gogo readers.
 *
 * <p>Written through streams, not a {@code FileChannel}: a channel is interruptible, and a write by a thread whose
 * interrupt flag is set (the coordinator's, as its component is being deactivated during an update) closes it for
 * good. Every later episode then failed with "cannot write the failover history ...: null" until a restart (seen
 * once in the hot-swap test; {@code HistoryStoreTest.aWriteFromAnInterruptedThreadIsStoredAndTheNextOneToo}).
 */
final class HistoryStore implements AutoCloseable {

    /** A line longer than this is damage, not an episode; never load it into memory whole. */
    static final int MAX_LINE = 64 * 1024;

    private final Path file;
    private final int maxEpisodes;
    private final LinkedHashMap<String, Episode> episodes = new LinkedHashMap<>();
    private int lines;
    private int corruptLines;
    private FileOutputStream out;

    /** @param file the JSON-lines file; null keeps the history in memory only (when the file cannot be used) */
    HistoryStore(Path file, int maxEpisodes) {
        this.file = file;
        this.maxEpisodes = maxEpisodes;
    }

    /** A history that is not written anywhere: what the coordinator falls back to when its file cannot be opened. */
    static HistoryStore inMemory(int maxEpisodes) {
        return new HistoryStore(null, maxEpisodes);
    }

    /** Reads the file (if any) and opens it for appending. Returns the number of damaged lines skipped. */
    synchronized int open() throws IOException {
        episodes.clear();
        lines = 0;
        corruptLines = 0;
        if (file == null) {
            return 0;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            read();
        }
        out = new FileOutputStream(file.toFile(), true);
        // A crash mid-write leaves a line without its end; start the next one on a line of its own.
        long size = Files.size(file);
        if (size > 0 && lastByte(size) != '\n') {
            out.write('\n');
        }
        trim();
        if (corruptLines > 0) {
            // Keep the damaged file for whoever wants to look at it; the history goes on without the bad lines.
            Files.copy(file, file.resolveSibling(file.getFileName() + ".damaged"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (lines > 2 * maxEpisodes || corruptLines > 0) {
            compact();
        }
        return corruptLines;
    }

    private byte lastByte(long size) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(size - 1);
            return (byte) in.read();
        }
    }

    private void read() throws IOException {
        // Byte by byte into lines, each decoded on its own: a damaged line (bad UTF-8, torn, huge) costs that
        // line only, never the rest of the file.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            boolean tooLong = false;
            while (true) {
                int c = in.read();
                if (c == -1 || c == '\n') {
                    if (tooLong) {
                        corruptLines++;
                    } else if (line.size() > 0) {
                        accept(line.toByteArray());
                    }
                    line.reset();
                    tooLong = false;
                    if (c == -1) {
                        return;
                    }
                } else if (!tooLong) {
                    line.write(c);
                    if (line.size() > MAX_LINE) {
                        tooLong = true;
                        line.reset();
                    }
                }
            }
        }
    }

    private void accept(byte[] bytes) {
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            corruptLines++;
            return;
        }
        accept(line);
    }

    private void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            Episode e = EpisodeJson.read(line);
            episodes.remove(e.id()); // re-insert: the order is that of the last update
            episodes.put(e.id(), e);
            lines++;
        } catch (IllegalArgumentException e) {
            corruptLines++;
        }
    }

    /** Stores a new episode or a new version of one. */
    synchronized void put(Episode e) {
        if (file == null) {
            episodes.remove(e.id());
            episodes.put(e.id(), e);
            trim();
            return;
        }
        if (out == null) {
            throw new IllegalStateException("history is closed");
        }
        byte[] line = (EpisodeJson.write(e) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.write(line);
            // An episode is rare and precious (it is written when power is failing): on disk before going on.
            out.getFD().sync();
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the failover history " + file + ": " + x.getMessage(), x);
        }
        episodes.remove(e.id());
        episodes.put(e.id(), e);
        lines++;
        trim();
        if (lines > 2 * maxEpisodes) {
            try {
                compact();
            } catch (IOException x) {
                throw new UncheckedIOException("cannot compact the failover history " + file + ": " + x.getMessage(), x);
            }
        }
    }

    /** The newest {@code max} episodes, newest (last updated) first. */
    synchronized List<Episode> newest(int max) {
        List<Episode> all = new ArrayList<>(episodes.values());
        List<Episode> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < max; i--) {
            out.add(all.get(i));
        }
        return out;
    }

    synchronized Episode get(String id) {
        return episodes.get(id);
    }

    synchronized int corruptLines() {
        return corruptLines;
    }

    synchronized int size() {
        return episodes.size();
    }

    private void trim() {
        var it = episodes.entrySet().iterator();
        while (episodes.size() > maxEpisodes && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileOutputStream w = new FileOutputStream(tmp.toFile(), false)) {
            for (Map.Entry<String, Episode> e : episodes.entrySet()) {
                w.write((EpisodeJson.write(e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            w.getFD().sync();
        }
        if (out != null) {
            out.close();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out = new FileOutputStream(file.toFile(), true);
        lines = episodes.size();
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
