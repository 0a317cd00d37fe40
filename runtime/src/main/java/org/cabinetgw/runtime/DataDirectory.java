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
        return d;
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

    Path embeddedDigests() {
        return etc().resolve("embedded-bundles.properties");
    }
}
