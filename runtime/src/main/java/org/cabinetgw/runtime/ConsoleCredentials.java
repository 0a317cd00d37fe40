package org.cabinetgw.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.cabinetgw.support.internal.password.PasswordHash;

/**
 * The web console never runs with a default password. At first start the password comes from a
 * file the installer wrote, or is generated and printed once (also when the file named by
 * {@code --console-password-file} does not exist: the systemd unit names one that a fresh install has
 * not written yet, and a fresh install must start). Only a salted PBKDF2 hash is kept, in the data
 * directory, readable by the gateway's user alone; the core bundle checks logins against it (and
 * stores an unsalted {@code {sha-256}} hash of an earlier version again as PBKDF2 at its first login).
 */
final class ConsoleCredentials {

    /**
     * @param generatedPassword the password made at this start, to be printed once; else null
     * @param missingPasswordFile the {@code --console-password-file} that did not exist, so a password was generated
     */
    record Credentials(String user, String passwordHash, String generatedPassword, Path missingPasswordFile) {
    }

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private ConsoleCredentials() {
    }

    /**
     * A start's credentials, the slow part (the PBKDF2 hash of a new password, and writing it) perhaps still under
     * way: {@link #await} before the banner.
     */
    record Pending(String user, Future<Credentials> stored) {

        Credentials await() throws IOException, InterruptedException {
            try {
                return stored.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Like {@link #load}, but at a first start the password's hash is computed and written on a thread of its own,
     * while the framework starts: 210,000 rounds of PBKDF2 with the quick compiler alone ({@code jvm.options}) took
     * about half a second on a quiet 2-core machine and seconds under load, the longest single step of a first
     * start (the launcher's start timeline). What can refuse the start (an unreadable file, a password file with a
     * short password) is decided here, before anything starts. Nobody can log in meanwhile: the password is printed
     * in the banner, after the file is written.
     */
    static Pending begin(Path file, String user, Path passwordFile) throws IOException {
        if (Files.exists(file)) {
            Credentials c = load(file, user, passwordFile);
            return new Pending(c.user(), CompletableFuture.completedFuture(c));
        }
        String[] decided = decide(passwordFile);
        FutureTask<Credentials> task = new FutureTask<>(() -> store(file, user, decided));
        Thread hashing = new Thread(task, "cabinetgw-console-password");
        hashing.setDaemon(true);
        hashing.start();
        return new Pending(user, task);
    }

    static Credentials load(Path file, String user, Path passwordFile) throws IOException {
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(file)) {
                p.load(in);
            }
            String hash = p.getProperty("password");
            if (hash == null || !hash.startsWith(PasswordHash.PREFIX) && !hash.startsWith("{sha-256}")) {
                throw new IOException(file + " has no password hash; delete it to set a new password at the next start");
            }
            return new Credentials(p.getProperty("user", user), hash, null, null);
        }
        return store(file, user, decide(passwordFile));
    }

    /** The password, the generated one (or null) and the missing password file (or null), as strings. */
    private static String[] decide(Path passwordFile) throws IOException {
        if (passwordFile != null && Files.notExists(passwordFile)) {
            String generated = generate(20);
            return new String[] { generated, generated, passwordFile.toString() };
        } else if (passwordFile != null) {
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            if (password.length() < 8) {
                throw new IOException("the password in " + passwordFile + " is shorter than 8 characters");
            }
            return new String[] { password, null, null };
        }
        String generated = generate(20);
        return new String[] { generated, generated, null };
    }

    private static Credentials store(Path file, String user, String[] decided) throws IOException {
        Credentials c = new Credentials(user, hash(decided[0]), decided[1], decided[2] == null ? null : Path.of(decided[2]));
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

    /**
     * The core bundle's format, {@code {pbkdf2-sha256}ITERATIONS$SALT$HASH}: one implementation, the support
     * library's {@link PasswordHash}, which the shade plugin copies into this jar (the launcher runs before any
     * bundle and cannot import one).
     */
    static String hash(String password) {
        return PasswordHash.create(password);
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
