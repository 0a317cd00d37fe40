package org.cabinetgw.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class ReadAccessTest {

    static final String HASH = "{sha-256}y4E1FlnaHenC21I/5pNT++cRNXkqFqkINZxGeIyrnQ0="; // of "dashboard-test"

    static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theAdministratorIsAcceptedWithAHashedOrAClearPassword() {
        assertThat(ReadAccess.accepts("admin", HASH, basic("admin:dashboard-test"))).isTrue();
        assertThat(ReadAccess.accepts("admin", "clear", basic("admin:clear"))).isTrue();
        assertThat(ReadAccess.accepts("admin", "clear", "basic " + basic("admin:clear").substring(6))).isTrue();
    }

    @Test
    void anythingElseIsRefused() {
        for (String h : new String[] { null, "", "Basic", "Basic ", "Basic !!!", "Bearer abc", basic("admin"),
            basic(":dashboard-test"), basic("admin:wrong"), basic("Admin:dashboard-test"), basic("admin:" + HASH),
            "Basic " + "A".repeat(2000) }) {
            assertThat(ReadAccess.accepts("admin", HASH, h)).as(String.valueOf(h)).isFalse();
        }
    }
}
