package org.cabinetgw.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Which files below a directory hold a text, byte for byte (a secret that must not be on disk in clear). */
public final class FilesContaining {

    private FilesContaining() {
    }

    /** Every regular file below {@code root} whose bytes contain {@code text} (ISO-8859-1: any byte matches). */
    public static List<Path> text(Path root, String text) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    return false; // gone while walking (a log rotated, a queue segment compacted)
                }
            }).toList();
        }
    }
}
