package org.cabinetgw.support.internal.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServletPathsTest {

    @Test
    void aPathOrAPrefixEndingInSlashStarIsAccepted() {
        assertThat(ServletPaths.check("p", "path", "/health", "/health")).isEqualTo("/health");
        assertThat(ServletPaths.check("p", "path", "/ha/*", "/ha/*")).isEqualTo("/ha/*");
        assertThat(ServletPaths.check("p", "path", "/" + "x".repeat(199), "/x")).hasSize(200);
    }

    @Test
    void anythingElseIsRefusedNamingThePidTheSettingTheValueAndAnExample() {
        assertThatThrownBy(() -> ServletPaths.check("org.cabinetgw.ha.http", "osgi.http.whiteboard.servlet.pattern",
                "ha", "/ha/*")).isInstanceOf(IllegalArgumentException.class).hasMessage("org.cabinetgw.ha.http: "
                        + "osgi.http.whiteboard.servlet.pattern = 'ha' is not a servlet path; it must start with '/', e.g. /ha/*");
        for (String bad : new String[] { null, "", "health", "/he*lth", "/*/x/*", "/x/**", "/" + "x".repeat(200) }) {
            assertThatThrownBy(() -> ServletPaths.check("p", "path", bad, "/health")).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with '/'");
        }
    }
}
