package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void hashIsTheFormatTheWebConsoleExpects() {
        // The Felix web console's own default, the hash of "admin", in the same format.
        assertThat(ConsoleCredentials.hash("admin")).isEqualTo("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=");
    }

    @Test
    void firstStartGeneratesAPasswordKeepsOnlyItsHashAndNeverShowsItAgain() throws Exception {
        Path file = dir.resolve("etc/console.credentials");
        ConsoleCredentials.Credentials first = ConsoleCredentials.load(file, "admin", null);
        assertThat(first.generatedPassword()).hasSize(20);
        assertThat(first.passwordHash()).isEqualTo(ConsoleCredentials.hash(first.generatedPassword()));
        assertThat(Files.readString(file)).doesNotContain(first.generatedPassword());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        ConsoleCredentials.Credentials second = ConsoleCredentials.load(file, "admin", null);
        assertThat(second.generatedPassword()).isNull();
        assertThat(second.passwordHash()).isEqualTo(first.passwordHash());
    }

    @Test
    void passwordFromAFileAtInstallTime() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "correct horse battery\n");
        ConsoleCredentials.Credentials c = ConsoleCredentials.load(dir.resolve("c"), "ops", pw);
        assertThat(c.generatedPassword()).isNull();
        assertThat(c.user()).isEqualTo("ops");
        assertThat(c.passwordHash()).isEqualTo(ConsoleCredentials.hash("correct horse battery"));
    }

    @Test
    void refusesAShortPasswordAndACorruptFile() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "admin");
        assertThatThrownBy(() -> ConsoleCredentials.load(dir.resolve("c"), "admin", pw))
                .isInstanceOf(IOException.class).hasMessageContaining("shorter than 8");

        Path corrupt = Files.writeString(dir.resolve("corrupt"), "user=admin\npassword=admin\n");
        assertThatThrownBy(() -> ConsoleCredentials.load(corrupt, "admin", null))
                .isInstanceOf(IOException.class).hasMessageContaining("no password hash");
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(ConsoleCredentials.generate(20)).isNotEqualTo(ConsoleCredentials.generate(20));
    }
}
