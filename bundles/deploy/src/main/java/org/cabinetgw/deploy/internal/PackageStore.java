package org.cabinetgw.deploy.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The packages kept on disk: {@code <dir>/packages/<name>/<version>.dp}. The agent keeps the version
 * that runs and the one before it, so a failed update can put the previous one back without asking
 * the cloud for it again; older ones are deleted. Downloads land in {@code <dir>/downloads} first and
 * enter the store only once verified.
 */
final class PackageStore {

    private final Path packages;
    private final Path downloads;

    PackageStore(Path dir) throws IOException {
        this.packages = Files.createDirectories(dir.resolve("packages"));
        this.downloads = Files.createDirectories(dir.resolve("downloads"));
        // a download interrupted by a stop or a crash is never resumed: start clean
        try (DirectoryStream<Path> left = Files.newDirectoryStream(downloads)) {
            for (Path p : left) {
                Files.deleteIfExists(p);
            }
        }
    }

    Path downloadFile(long jobId) {
        return downloads.resolve("job-" + jobId + ".part");
    }

    /** Moves a verified download into the store; returns where it is now. */
    Path keep(Path download, String name, String version) throws IOException {
        Path dir = Files.createDirectories(packages.resolve(name));
        Path target = dir.resolve(version + ".dp");
        return Files.move(download, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    Optional<Path> find(String name, String version) {
        Path p = packages.resolve(name).resolve(version + ".dp");
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Deletes every stored version of {@code name} except {@code keep} (null or missing entries ignored). */
    void prune(String name, String... keep) throws IOException {
        Path dir = packages.resolve(name);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.dp")) {
            for (Path p : files) {
                String v = p.getFileName().toString().replaceFirst("\\.dp$", "");
                boolean kept = false;
                for (String k : keep) {
                    kept |= k != null && k.equals(v);
                }
                if (!kept) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
