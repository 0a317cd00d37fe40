package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ValidationTest {

    @Test
    void rangeAcceptsBoundsAndNamesEverythingWhenRefusing() {
        assertThat(Validation.range("p", "a", 1, 1, 10)).isEqualTo(1);
        assertThat(Validation.range("p", "a", 10, 1, 10)).isEqualTo(10);
        assertThatThrownBy(() -> Validation.range("org.x", "recheck.seconds", 0, 1, 3600))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("org.x: recheck.seconds = 0 is out of range; allowed 1..3600");
        assertThatThrownBy(() -> Validation.range("p", "a", Integer.MIN_VALUE, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathMustLookLikeAServletPath() {
        assertThat(Validation.path("p", "path", "/health")).isEqualTo("/health");
        assertThat(Validation.path("p", "path", "/status/*")).isEqualTo("/status/*");
        for (String bad : new String[] { null, "", "health", "/he*lth", "/" + "x".repeat(300) }) {
            assertThatThrownBy(() -> Validation.path("p", "path", bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must start with '/'");
        }
    }
}
