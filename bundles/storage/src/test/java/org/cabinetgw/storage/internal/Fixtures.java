package org.cabinetgw.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the fixture files under src/test/resources. */
final class Fixtures {

    private Fixtures() {
    }

    static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MdStat mdstat(String name) {
        return mdstatText(text("mdstat/" + name));
    }

    /** Parses a whole file that must be read without refusing any array. */
    static MdStat mdstatText(String text) {
        try {
            MdStatParser.Result r = MdStatParser.parse(text);
            if (!r.refused().isEmpty()) {
                throw new AssertionError("refused: " + r.refused());
            }
            return r.mdstat();
        } catch (SourceFormatException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
