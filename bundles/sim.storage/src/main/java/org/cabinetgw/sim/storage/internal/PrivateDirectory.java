package org.cabinetgw.sim.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The directory the simulator writes its mdstat file into, made safe in a shared place such as /tmp: created
 * with mode 0700, or, when it exists, used only if it is a real directory (not a link) of this user that no
 * one else may write to. Otherwise another user could have created it first, as a link to a file of the
 * gateway's user the simulator would then overwrite, or replace the file the storage monitor reads.
 */
final class PrivateDirectory {

    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private PrivateDirectory() {
    }

    static void ensure(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String me = System.getProperty("user.name");
        if (!a.isDirectory()) {
            throw new IOException(dir + " is not a directory of its own (a link or a file): refusing to write there");
        }
        if (!a.owner().getName().equals(me)) {
            throw new IOException(dir + " belongs to " + a.owner().getName() + ", not to " + me
                    + ": refusing to write there; choose another mdstat.path");
        }
        if (a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new IOException(dir + " may be written by other users (" + PosixFilePermissions.toString(a.permissions())
                    + "): refusing to write there; make it 0700 or choose another mdstat.path");
        }
    }
}
