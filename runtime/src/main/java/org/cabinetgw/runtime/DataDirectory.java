package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
        for (Path p : new Path[] { root, d.framework(), d.configuration(), d.logs(), d.etc() }) {
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
