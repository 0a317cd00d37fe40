package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The web console never runs with a default password. At first start the password comes from a
 * file the installer wrote, or is generated and printed once; only its hash is kept, in the data
 * directory, readable by the gateway's user alone.
 */
final class ConsoleCredentials {

    record Credentials(String user, String passwordHash, String generatedPassword) {
    }

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ConsoleCredentials() {
    }

    static Credentials load(Path file, String user, Path passwordFile) throws IOException {
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            String hash = p.getProperty("password");
            if (hash == null || !hash.startsWith("{sha-256}")) {
                throw new IOException(file + " has no password hash; delete it to set a new password at the next start");
            }
            return new Credentials(p.getProperty("user", user), hash, null);
        }
        String password;
        String generated = null;
        if (passwordFile != null) {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (password.length() < 8) {
                throw new IOException("the password in " + passwordFile + " is shorter than 8 characters");
            }
        } else {
            password = generated = generate(20);
        }
        Credentials c = new Credentials(user, hash(password), generated);
        Properties p = new Properties();
        p.setProperty("user", c.user());
        p.setProperty("password", c.passwordHash());
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newOutputStream(tmp)) {
            p.store(out, "Web console credentials; delete this file to set a new password at the next start");
        }
        restrict(tmp);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return c;
    }

    /** The format the Felix web console accepts for a hashed password: {sha-256}base64(sha-256(utf8)). */
    static String hash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    static String generate(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing more to do
        }
    }
}
