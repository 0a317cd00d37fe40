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
    void hashIsSaltedSlowPbkdf2InTheFormatTheCoreBundleChecks() throws Exception {
        String a = ConsoleCredentials.hash("admin");
        String b = ConsoleCredentials.hash("admin");
        assertThat(a).startsWith("{pbkdf2-sha256}210000$").isNotEqualTo(b); // a salt of its own each time
        assertThat(matches(a, "admin")).isTrue();
        assertThat(matches(a, "admin ")).isFalse();
        // no longer the unsalted SHA-256 of earlier versions (the console's own default is that of "admin")
        assertThat(a).doesNotContain("jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=");
    }

    /** An independent check of the stored form: the JDK's PBKDF2 with the iterations and salt it names. */
    static boolean matches(String stored, String password) throws Exception {
        String[] parts = stored.substring("{pbkdf2-sha256}".length()).split("\\$");
        byte[] salt = java.util.Base64.getDecoder().decode(parts[1]);
        byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt,
                        Integer.parseInt(parts[0]), 256))
                .getEncoded();
        return java.util.Arrays.equals(hash, java.util.Base64.getDecoder().decode(parts[2]));
    }

    @Test
    void aPasswordFileThatDoesNotExistYetGeneratesOneAndSaysSo() throws Exception {
        // the systemd unit always names /etc/cabinetgw/console-password; a fresh install has none
        Path absent = dir.resolve("etc-cabinetgw/console-password");
        ConsoleCredentials.Credentials c = ConsoleCredentials.load(dir.resolve("c"), "admin", absent);
        assertThat(c.generatedPassword()).hasSize(20);
        assertThat(c.missingPasswordFile()).isEqualTo(absent);
        assertThat(matches(c.passwordHash(), c.generatedPassword())).isTrue();
    }

    @Test
    void firstStartGeneratesAPasswordKeepsOnlyItsHashAndNeverShowsItAgain() throws Exception {
        Path file = dir.resolve("etc/console.credentials");
        ConsoleCredentials.Credentials first = ConsoleCredentials.load(file, "admin", null);
        assertThat(first.generatedPassword()).hasSize(20);
        assertThat(matches(first.passwordHash(), first.generatedPassword())).isTrue();
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
        assertThat(c.missingPasswordFile()).isNull();
        assertThat(matches(c.passwordHash(), "correct horse battery")).isTrue();
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

    /** At a start the hash is made beside the framework's start; a refusal still stops the start at once. */
    @Test
    void aStartDecidesAtOnceAndHashesAlongside() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "admin");
        assertThatThrownBy(() -> ConsoleCredentials.begin(dir.resolve("c"), "admin", pw))
                .isInstanceOf(IOException.class).hasMessageContaining("shorter than 8");
        assertThat(dir.resolve("c")).doesNotExist();

        Path file = dir.resolve("begun");
        ConsoleCredentials.Pending pending = ConsoleCredentials.begin(file, "ops", null);
        assertThat(pending.user()).isEqualTo("ops");
        ConsoleCredentials.Credentials c = pending.await();
        assertThat(file).exists();
        assertThat(matches(c.passwordHash(), c.generatedPassword())).isTrue();
        ConsoleCredentials.Credentials again = ConsoleCredentials.begin(file, "ops", null).await();
        assertThat(again.generatedPassword()).isNull();
        assertThat(again.passwordHash()).isEqualTo(c.passwordHash());
    }

    @Test
    void generatedPasswordsDiffer() {
        assertThat(ConsoleCredentials.generate(20)).isNotEqualTo(ConsoleCredentials.generate(20));
    }
}
