package org.cabinetgw.conf.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Numbered configuration snapshots in a folder, as Kura keeps them: {@code snapshot_<id>.xml}, the id the time it was
 * taken in milliseconds (one more than the newest when two fall in the same millisecond, so ids only grow). At most
 * {@code kept} files: the oldest go when a new one is written. Each is written to a temporary file and moved into
 * place, so a power cut leaves the old set or the new one, never half a snapshot under a snapshot's name.
 */
final class SnapshotStore {

    private static final Pattern NAME = Pattern.compile("snapshot_(\\d{1,18})\\.xml");

    private final Path folder;
    private final int kept;
    private final LongSupplier clock;

    SnapshotStore(Path folder, int kept, LongSupplier clock) {
        this.folder = folder;
        this.kept = kept;
        this.clock = clock;
    }

    Path folder() {
        return folder;
    }

    /** The ids on disk, oldest first; other files in the folder are ignored. */
    synchronized List<Long> ids() throws IOException {
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "snapshot_*.xml")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        }
        Collections.sort(ids);
        return ids;
    }

    /** Writes a new snapshot and deletes the oldest beyond {@code kept}; its id. */
    synchronized long write(byte[] xml) throws IOException {
        Files.createDirectories(folder);
        List<Long> ids = ids();
        long id = Math.max(clock.getAsLong(), ids.isEmpty() ? 0 : ids.get(ids.size() - 1) + 1);
        Path target = file(id);
        Path temporary = folder.resolve(".snapshot_" + id + ".xml.tmp");
        Files.write(temporary, xml);
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        ids.add(id);
        for (int i = 0; i < ids.size() - kept; i++) {
            Files.deleteIfExists(file(ids.get(i)));
        }
        return id;
    }

    /** The snapshot's document, or null when there is no snapshot with that id. */
    synchronized byte[] read(long id) throws IOException {
        try {
            return Files.readAllBytes(file(id));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private Path file(long id) {
        return folder.resolve("snapshot_" + id + ".xml");
    }
}
