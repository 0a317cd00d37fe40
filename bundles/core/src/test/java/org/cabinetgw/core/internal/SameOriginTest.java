package org.cabinetgw.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameOriginTest {

    @Test
    void theGatewaysOwnPagesMayChangeThings() {
        assertThat(SameOrigin.allows("http://127.0.0.1:8080", null, "http", "127.0.0.1", 8080)).isTrue();
        assertThat(SameOrigin.allows("HTTP://Gateway.Local:8080", null, "http", "gateway.local", 8080)).isTrue();
        assertThat(SameOrigin.allows("http://gw", null, "http", "gw", 80)).isTrue(); // default port
        assertThat(SameOrigin.allows("https://gw", null, "https", "gw", 443)).isTrue();
        assertThat(SameOrigin.allows("http://[::1]:8080", null, "http", "[::1]", 8080)).isTrue();
        assertThat(SameOrigin.allows("http://[::1]:8080", null, "http", "::1", 8080)).isTrue();
        // without Origin, the Referer: a page of the console
        assertThat(SameOrigin.allows(null, "http://127.0.0.1:8080/system/console/bundles", "http", "127.0.0.1", 8080))
                .isTrue();
    }

    @Test
    void anotherSiteMayNot() {
        assertThat(SameOrigin.allows("http://evil.example", null, "http", "127.0.0.1", 8080)).isFalse();
        assertThat(SameOrigin.allows("http://127.0.0.1:8081", null, "http", "127.0.0.1", 8080)).isFalse(); // port
        assertThat(SameOrigin.allows("https://127.0.0.1:8080", null, "http", "127.0.0.1", 8080)).isFalse(); // scheme
        assertThat(SameOrigin.allows("http://127.0.0.1.evil.example:8080", null, "http", "127.0.0.1", 8080)).isFalse();
        assertThat(SameOrigin.allows(null, "http://evil.example/http://127.0.0.1:8080/", "http", "127.0.0.1", 8080))
                .isFalse();
        // Origin wins over a Referer that looks right
        assertThat(SameOrigin.allows("http://evil.example", "http://127.0.0.1:8080/", "http", "127.0.0.1", 8080))
                .isFalse();
    }

    @Test
    void whatAForgingPageCanMakeABrowserSendIsRefused() {
        for (String hostile : new String[] { "null", "", " ", "file://", "data:text/html,x", "http://",
                "not a uri", "http://127.0.0.1:8080\r\nX: y", "javascript:alert(1)" }) {
            assertThat(SameOrigin.allows(hostile, null, "http", "127.0.0.1", 8080)).as(hostile).isFalse();
            assertThat(SameOrigin.allows(null, hostile, "http", "127.0.0.1", 8080)).as(hostile).isFalse();
        }
    }

    @Test
    void noHeaderAtAllIsNotABrowser() {
        // curl and scripts send neither; a browser always sends one of them on a cross-site post
        assertThat(SameOrigin.allows(null, null, "http", "127.0.0.1", 8080)).isTrue();
    }
}
