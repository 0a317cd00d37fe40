package org.cabinetgw.support.internal.password;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void saltedSlowAndCheckable() {
        String a = PasswordHash.create("correct horse");
        String b = PasswordHash.create("correct horse");
        assertThat(a).startsWith("{pbkdf2-sha256}" + PasswordHash.ITERATIONS + "$").isNotEqualTo(b);
        assertThat(PasswordHash.matches(a, "correct horse")).isTrue();
        assertThat(PasswordHash.matches(b, "correct horse")).isTrue();
        assertThat(PasswordHash.matches(a, "correct horse ")).isFalse();
        assertThat(PasswordHash.matches(a, "")).isFalse();
        assertThat(PasswordHash.isLegacy(a)).isFalse();
    }

    @Test
    void theOldFormsStillLogInAndAreMarkedForReplacement() {
        String sha = "{sha-256}" + PasswordHash.sha256("admin");
        assertThat(sha).isEqualTo("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg="); // the console's own format
        assertThat(PasswordHash.matches(sha, "admin")).isTrue();
        assertThat(PasswordHash.matches(sha, "Admin")).isFalse();
        assertThat(PasswordHash.isLegacy(sha)).isTrue();
        assertThat(PasswordHash.matches("in clear", "in clear")).isTrue();
        assertThat(PasswordHash.isLegacy("in clear")).isTrue();
    }

    @Test
    void aDamagedOrHostileStoredFormAcceptsNothing() {
        String good = PasswordHash.create("pw");
        String[] damaged = {
            "{pbkdf2-sha256}", "{pbkdf2-sha256}x$y$z", "{pbkdf2-sha256}210000$!!!$???",
            "{pbkdf2-sha256}0$AAAA$AAAA", "{pbkdf2-sha256}-5$AAAA$AAAA",
            "{pbkdf2-sha256}2000000000$AAAA$AAAA", // would take hours: refused, not computed
            good.substring(0, good.lastIndexOf('$')), good + "$extra",
        };
        for (String d : damaged) {
            assertThat(PasswordHash.matches(d, "pw")).as(d).isFalse();
            assertThat(PasswordHash.matches(d, "")).as(d).isFalse();
        }
    }
}
