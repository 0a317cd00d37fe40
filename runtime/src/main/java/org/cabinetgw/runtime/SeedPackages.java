package org.cabinetgw.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
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
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;

/**
 * The capabilities the gateway ships with (storage, uplink, network, power, failover, ha) are not installed
 * by the launcher: they ship in the jar as their signed deployment packages, and the deploy agent
 * installs them through Deployment Admin like any package, so the cloud can update and roll them back
 * later. This class hands them over: it writes them to {@code <data>/deploy/seed/} with a list of their
 * SHA-256 in install order ({@code seeds.list}, the file the framework property
 * {@code cabinetgw.deploy.seeds} names). The agent decides what to install (never a downgrade).
 *
 * <p>Written at every start, like the signer's certificate: they belong to the jar. A file whose bytes
 * are already there is not written again. At a restart nothing is read or hashed when the jar's entry (its
 * CRC-32 and size, from the jar's central directory) and the file on disk (its size and modification time) are
 * as recorded in {@value #STAMPS} when it was last written or checked: hashing the packages twice with the quick
 * compiler alone was a step of every start (the launcher's start timeline).
 */
final class SeedPackages {

    /** Inside the jar: the packages and the build's list of them, in order (runtime/tools/SeedSplit.java). */
    private static final String IN_JAR = "seeds/";
    static final String LIST = "seeds.list";
    /** name = the jar entry's CRC-32:size, the file's size:mtime, its SHA-256 (see the class comment) */
    static final String STAMPS = "seeds.stamps";

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
        Properties stamps = new Properties();
        Path stampsFile = dir.resolve(STAMPS);
        if (Files.isRegularFile(stampsFile)) {
            try (InputStream in = Files.newInputStream(stampsFile)) {
                stamps.load(in);
            }
        }
        Properties newStamps = new Properties();
        for (String name : names) {
            byte[] bytes;
            if (!name.matches("[A-Za-z0-9_.-]+\\.dp") || name.startsWith(".")) {
                throw new IOException("the jar's seed list names " + name + ", which is not a package file name");
            }
            String entry = entryStamp(jar.getResource(IN_JAR + name));
            Path existing = dir.resolve(name);
            String recorded = stamps.getProperty(name, "");
            if (entry != null && Files.isRegularFile(existing)
                    && recorded.startsWith(entry + " " + fileStamp(existing) + " ")) {
                String sha = recorded.substring(recorded.lastIndexOf(' ') + 1);
                lines.add(sha + " " + name);
                kept.add(name);
                newStamps.setProperty(name, recorded);
                continue; // as written or checked before: not read, not hashed
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
            if (entry != null) {
                newStamps.setProperty(name, entry + " " + fileStamp(target) + " " + sha);
            }
        }
        Path stampsTmp = dir.resolve(STAMPS + ".tmp");
        try (var out = Files.newOutputStream(stampsTmp)) {
            newStamps.store(out, "the seed packages as last written or checked (SeedPackages)");
        }
        Files.move(stampsTmp, stampsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

    /** The jar entry's CRC-32 and size (free: the central directory), or null when not read from a jar. */
    private static String entryStamp(URL url) throws IOException {
        if (url != null && url.openConnection() instanceof JarURLConnection c) {
            JarEntry e = c.getJarEntry();
            return e != null && e.getCrc() >= 0 ? Long.toHexString(e.getCrc()) + ":" + e.getSize() : null;
        }
        return null;
    }

    private static String fileStamp(Path file) throws IOException {
        return Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis();
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
