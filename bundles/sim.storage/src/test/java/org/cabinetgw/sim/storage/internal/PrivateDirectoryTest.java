package org.cabinetgw.sim.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What another user of the machine could have prepared in /tmp before the demo started. */
class PrivateDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void createsItPrivate() throws Exception {
        Path dir = tmp.resolve("cabinetgw-sim");
        PrivateDirectory.ensure(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        PrivateDirectory.ensure(dir); // the next start uses it again
    }

    @Test
    void refusesALinkPlantedInItsPlace() throws Exception {
        Path victim = Files.createDirectory(tmp.resolve("gateway-files"));
        Path planted = Files.createSymbolicLink(tmp.resolve("cabinetgw-sim"), victim);
        assertThatThrownBy(() -> PrivateDirectory.ensure(planted)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory of its own");
    }

    @Test
    void refusesADirectoryOthersMayWriteTo() throws Exception {
        Path shared = Files.createDirectory(tmp.resolve("cabinetgw-sim"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDirectory.ensure(shared)).isInstanceOf(IOException.class)
                .hasMessageContaining("may be written by other users (rwxrwxrwx)");
    }

    @Test
    void refusesADirectoryOfAnotherUser() throws Exception {
        Path theirs = Files.createDirectory(tmp.resolve("cabinetgw-sim"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.setOwner(theirs, tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        } catch (IOException notRoot) {
            Assumptions.assumeTrue(false, "only root can give a directory to another user here: " + notRoot);
        }
        assertThatThrownBy(() -> PrivateDirectory.ensure(theirs)).isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to nobody");
    }
}
