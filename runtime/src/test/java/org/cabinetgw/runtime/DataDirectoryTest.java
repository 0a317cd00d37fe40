package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory holds the broker password and the console's password hash: no other user may enter it. */
class DataDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void aFreshDataDirectoryIsPrivate() throws Exception {
        DataDirectory d = DataDirectory.prepare(dir.resolve("nested/data"));
        assertThat(mode(d.root())).isEqualTo("rwx------");
        assertThat(Files.isDirectory(d.configuration())).isTrue();
    }

    @Test
    void anExistingDataDirectoryOthersCouldReadIsMadePrivateAndSaidSo() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x")); // an earlier version, umask 022
        String printed = printedBy(() -> DataDirectory.prepare(data));
        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(printed).contains("was open to other users (rwxr-xr-x)").contains("made it private");

        // the next start has nothing to say
        assertThat(printedBy(() -> DataDirectory.prepare(data))).isEmpty();
    }

    interface Step {
        void run() throws Exception;
    }

    private static String printedBy(Step step) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true));
        try {
            step.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString();
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
