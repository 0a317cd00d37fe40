package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one directory where the gateway keeps everything that must survive a restart or an update:
 * framework cache, configuration, bundles' data (queue, history), logs, and its own settings files.
 */
record DataDirectory(Path root) {

    static DataDirectory prepare(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + " exists and is not a directory");
        }
        DataDirectory d = new DataDirectory(root);
        makePrivate(root);
        for (Path p : new Path[] { d.framework(), d.configuration(), d.logs(), d.etc() }) {
            Files.createDirectories(p);
        }
        if (!Files.isWritable(root)) {
            throw new IOException(root + " is not writable by this user");
        }
        if (Files.notExists(d.logbackConfig())) {
            // A copy the integrator may edit; logback re-reads it while running.
            try (InputStream in = DataDirectory.class.getResourceAsStream("logback.xml")) {
                Files.copy(in, d.logbackConfig());
            }
        }
        installDeploySigner(d.deploySigner());
        return d;
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    /**
     * The data directory holds the broker password, the bearer token, key store passwords (ConfigAdmin's files,
     * written by Felix with the process umask, 0644 under a usual 022) and the console's password hash. A JVM
     * cannot set its umask, so the directory itself is made private (0700): nothing below it can be reached by
     * another user whatever its own mode. Created so; an existing directory others can enter is repaired, and
     * said so, at every start. On a file system without POSIX modes there is nothing to do.
     */
    static void makePrivate(Path root) throws IOException {
        if (Files.notExists(root)) {
            Files.createDirectories(root.getParent());
            try {
                Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(root);
                return;
            }
        }
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(root);
        } catch (UnsupportedOperationException e) {
            return;
        }
        if (!mode.equals(OWNER_ONLY)) {
            try {
                Files.setPosixFilePermissions(root, OWNER_ONLY);
                if (!Collections.disjoint(mode, OTHERS)) {
                    System.out.println("cabinetgw: the data directory " + root + " was open to other users ("
                            + PosixFilePermissions.toString(mode) + "); made it private to this user (rwx------)");
                }
            } catch (IOException e) {
                System.out.println("cabinetgw: WARNING the data directory " + root + " is open to other users ("
                        + PosixFilePermissions.toString(mode) + ") and cannot be made private: " + e
                        + "; it holds passwords: make it owned by this user with mode 0700");
            }
        }
    }

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /**
     * The certificate of the key that signed the deployment packages of this jar's build, for the deploy
     * agent (framework property {@code cabinetgw.deploy.trust.certificates}, used while its
     * {@code trust.store} is empty). Written at every start, not only the first: it belongs to the jar,
     * and a new jar may come with a new key. An integrator who trusts another key configures trust.store.
     * Absent from a jar built without it: then nothing is shipped and the file is removed.
     */
    private static void installDeploySigner(Path target) throws IOException {
        try (InputStream in = DataDirectory.class.getResourceAsStream("deploy-signer.crt")) {
            if (in == null) {
                Files.deleteIfExists(target);
                return;
            }
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
    }

    Path framework() {
        return root.resolve("framework");
    }

    Path configuration() {
        return root.resolve("config");
    }

    Path logs() {
        return root.resolve("logs");
    }

    Path etc() {
        return root.resolve("etc");
    }

    Path logbackConfig() {
        return etc().resolve("logback.xml");
    }

    Path consoleCredentials() {
        return etc().resolve("console.credentials");
    }

    Path deploySigner() {
        return etc().resolve("deploy-signer.crt");
    }

    /** The seed packages the jar ships, handed to the deploy agent (whose data is {@code <root>/deploy}). */
    Path seeds() {
        return root.resolve("deploy").resolve("seed");
    }

    Path embeddedDigests() {
        return etc().resolve("embedded-bundles.properties");
    }
}
