package org.cabinetgw.secrets.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The key that encrypts Password attributes, in a file of its own outside the configuration files
 * ({@code <data>/etc/config.key}): base64 of 32 random bytes, mode 0600 in a 0700 directory, made at the first
 * start. A copy of the configuration directory without this file reveals no secret. It is never overwritten: a
 * file that is there but not a key is an error an operator must see, not a reason to make a new key (which would
 * make every stored secret unreadable for good).
 */
final class ConfigKey {

    static final int BYTES = 32;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** The key file cannot be used; {@link #missing()} tells a missing file from one that is not a key. */
    static final class KeyFileException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean missing;

        KeyFileException(String message, boolean missing) {
            super(message);
            this.missing = missing;
        }

        boolean missing() {
            return missing;
        }
    }

    private final Path file;

    ConfigKey(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The key in the file; a {@link KeyFileException} naming the file when it is missing or not a key. */
    SecretCipher load() throws IOException {
        if (!Files.exists(file)) {
            throw new KeyFileException("the key file " + file + " is missing", true);
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("the key file " + file + " is not a key (base64 of " + BYTES + " bytes expected)", false);
        }
        if (key.length != BYTES) {
            throw new KeyFileException("the key file " + file + " is not a key: " + key.length + " bytes, " + BYTES
                    + " expected", false);
        }
        if (Files.getFileStore(file).supportsFileAttributeView("posix")
                && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY); // a copied or restored file: private again
        }
        return new SecretCipher(key);
    }

    /** Makes a new key file (never over an existing one) and returns its key. */
    SecretCipher create() throws IOException {
        byte[] key = new byte[BYTES];
        new SecureRandom().nextBytes(key);
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileStore(Files.createDirectories(dir)).supportsFileAttributeView("posix");
        Path part = dir.resolve(file.getFileName() + ".new");
        Files.deleteIfExists(part);
        if (posix) {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(part);
        }
        Files.writeString(part, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        try (var channel = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(part);
            throw new FileAlreadyExistsException(file.toString(), null, "a key file is there already: not replaced");
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        return new SecretCipher(key);
    }
}
