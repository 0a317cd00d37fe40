package org.cabinetgw.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigKeyTest {

    @TempDir
    Path dir;

    @Test
    void madeOnceOwnerOnlyAndReadBack() throws Exception {
        ConfigKey key = new ConfigKey(dir.resolve("etc/config.key"));
        SecretCipher made = key.create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.file()))).isEqualTo("rw-------");
        String sealed = made.encrypt("pw", "p\nk");
        assertThat(key.load().decrypt(sealed, "p\nk")).isEqualTo("pw");
        assertThatThrownBy(key::create).as("never replaced").isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        assertThat(key.load().decrypt(sealed, "p\nk")).isEqualTo("pw");
    }

    @Test
    void aLooseModeIsTightenedWhenRead() throws Exception {
        ConfigKey key = new ConfigKey(dir.resolve("config.key"));
        key.create();
        Files.setPosixFilePermissions(key.file(), PosixFilePermissions.fromString("rw-r--r--"));
        key.load();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.file()))).isEqualTo("rw-------");
    }

    @Test
    void missingOrNotAKeyNamesTheFile() throws Exception {
        Path file = dir.resolve("config.key");
        ConfigKey key = new ConfigKey(file);
        assertThatThrownBy(key::load).isInstanceOfSatisfying(ConfigKey.KeyFileException.class,
                e -> assertThat(e.missing()).isTrue()).hasMessageContaining(file.toString()).hasMessageContaining("missing");
        for (String corrupt : new String[] { "", "not base64 at all!", "AAAA", "A".repeat(400) }) {
            Files.writeString(file, corrupt);
            assertThatThrownBy(key::load).isInstanceOfSatisfying(ConfigKey.KeyFileException.class,
                    e -> assertThat(e.missing()).isFalse()).hasMessageContaining(file.toString()).hasMessageContaining("not a key");
        }
    }
}
