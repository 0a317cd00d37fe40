package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The capabilities the gateway ships with (storage, uplink, network, power, failover, ha) are not installed
 * by the launcher: they ship in the jar as their signed deployment packages, and the deploy agent
 * installs them through Deployment Admin like any package, so the cloud can update and roll them back
 * later. This class hands them over: it writes them to {@code <data>/deploy/seed/} with a list of their
 * SHA-256 in install order ({@code seeds.list}, the file the framework property
 * {@code cabinetgw.deploy.seeds} names). The agent decides what to install (never a downgrade).
 *
 * <p>Written at every start, like the signer's certificate: they belong to the jar. A file whose bytes
 * are already there is not written again.
 */
final class SeedPackages {

    /** Inside the jar: the packages and the build's list of them, in order (runtime/tools/SeedSplit.java). */
    private static final String IN_JAR = "seeds/";
    static final String LIST = "seeds.list";

    private SeedPackages() {
    }

    /** Writes the jar's seeds to {@code dir}; returns the list file, or null for a jar without seeds (the demo). */
    static Path install(Path dir) throws IOException {
        return install(dir, SeedPackages.class.getClassLoader());
    }

    /** As {@link #install(Path)}, reading {@code seeds/} through {@code jar} (the tests give it a directory). */
    static Path install(Path dir, ClassLoader jar) throws IOException {
        List<String> names;
        try (InputStream in = jar.getResourceAsStream(IN_JAR + LIST)) {
            if (in == null) {
                return null;
            }
            names = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList();
        }
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        Set<String> kept = new HashSet<>();
        for (String name : names) {
            byte[] bytes;
            if (!name.matches("[A-Za-z0-9_.-]+\\.dp") || name.startsWith(".")) {
                throw new IOException("the jar's seed list names " + name + ", which is not a package file name");
            }
            try (InputStream in = jar.getResourceAsStream(IN_JAR + name)) {
                if (in == null) {
                    throw new IOException("the jar lists the seed package " + name + " and does not contain it");
                }
                bytes = in.readAllBytes();
            }
            String sha = sha256(bytes);
            Path target = dir.resolve(name);
            if (!Files.isRegularFile(target) || !sha.equals(sha256(Files.readAllBytes(target)))) {
                writeAtomically(target, bytes);
            }
            lines.add(sha + " " + name);
            kept.add(name);
        }
        // a package an older jar shipped and this one does not: the agent must not see it as shipped
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.dp")) {
            for (Path p : old) {
                if (!kept.contains(p.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
        Path list = dir.resolve(LIST);
        writeAtomically(list, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return list;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
