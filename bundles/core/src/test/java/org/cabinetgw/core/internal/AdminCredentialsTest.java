package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.cabinetgw.support.internal.password.PasswordHash;
import org.junit.jupiter.api.Test;

class AdminCredentialsTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsTheUnsaltedHashOfEarlierVersions() {
        AdminCredentials c = AdminCredentials.of("admin", "{sha-256}" + PasswordHash.sha256("s3cret-Pässword"));
        assertThat(c.accepts(basic("admin:s3cret-Pässword"))).isTrue();
        assertThat(c.accepts(basic("admin:s3cret-Password"))).isFalse();
        assertThat(c.accepts(basic("Admin:s3cret-Pässword"))).isFalse();
        // The hash itself is not a password.
        assertThat(c.accepts(basic("admin:{sha-256}" + PasswordHash.sha256("s3cret-Pässword")))).isFalse();
    }

    @Test
    void acceptsTheSaltedPbkdf2HashTheLauncherWrites() {
        AdminCredentials c = AdminCredentials.of("admin", PasswordHash.create("s3cret-Pässword"));
        assertThat(c.accepts(basic("admin:s3cret-Pässword"))).isTrue();
        assertThat(c.accepts(basic("admin:s3cret-Password"))).isFalse();
        assertThat(c.accepts(basic("admin:" + c.password()))).isFalse(); // the stored form is not a password
    }

    @Test
    void acceptsAClearPasswordAsTheWebConsoleMayKeepIt() {
        AdminCredentials c = AdminCredentials.of("ops", "a:password:with:colons");
        assertThat(c.accepts(basic("ops:a:password:with:colons"))).isTrue();
        assertThat(c.accepts(basic("ops:a:password"))).isFalse();
    }

    @Test
    void missingOrBlankCredentialsMeanNobodyMayChangeAnything() {
        assertThat(AdminCredentials.of(null, "x")).isNull();
        assertThat(AdminCredentials.of("admin", null)).isNull();
        assertThat(AdminCredentials.of(" ", "x")).isNull();
        assertThat(AdminCredentials.of("admin", "")).isNull();
        assertThat(AdminCredentials.of(42, "x")).isNull();
    }

    @Test
    void hostileHeadersAreRefusedWithoutAnError() {
        AdminCredentials c = AdminCredentials.of("admin", "pw");
        assertThat(c.accepts(null)).isFalse();
        assertThat(c.accepts("")).isFalse();
        assertThat(c.accepts("Bearer abc")).isFalse();
        assertThat(c.accepts("Basic")).isFalse();
        assertThat(c.accepts("Basic !!!not-base64!!!")).isFalse();
        assertThat(c.accepts(basic("no-colon-at-all"))).isFalse();
        assertThat(c.accepts(basic(":pw"))).isFalse();
        assertThat(c.accepts("Basic " + "A".repeat(100_000))).isFalse();
        assertThat(c.accepts(basic("admin:pw\u0000"))).isFalse();
        assertThat(c.accepts("basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes()))).isTrue();
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(AdminCredentials.of("admin", "topsecret")).hasToString("AdminCredentials[user=admin]");
    }
}
