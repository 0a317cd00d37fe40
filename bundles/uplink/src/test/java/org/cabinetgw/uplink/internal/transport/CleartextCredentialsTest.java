package org.cabinetgw.uplink.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CleartextCredentialsTest {

    @Test
    void aPasswordOverTcpIsRefusedNamingBothSettingsAndTheWayOut() {
        assertThatThrownBy(() -> CleartextCredentials.check("tcp", "server.uri", "tcp://broker:1883", "password", "pw", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password").hasMessageContaining("server.uri = tcp://broker:1883")
                .hasMessageContaining("ssl://").hasMessageContaining("allow.cleartext.credentials")
                .hasMessageNotContaining("pw ");
        assertThatThrownBy(() -> CleartextCredentials.check("http", "endpoint", "http://cloud/in", "bearer.token", "t0k", false))
                .hasMessageContaining("bearer.token").hasMessageContaining("https://").hasMessageNotContaining("t0k");
        assertThatThrownBy(() -> CleartextCredentials.check("HTTP", "endpoint", "HTTP://cloud/in", "bearer.token", "t", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowedItIsAWarningThatNeverContainsTheSecret() {
        String w = CleartextCredentials.check("tcp", "server.uri", "tcp://broker:1883", "password", "s3cret", true);
        assertThat(w).contains("password is sent in clear over tcp://broker:1883").doesNotContain("s3cret");
    }

    @Test
    void nothingToSayWithTlsOrWithoutACredential() {
        assertThat(CleartextCredentials.check("ssl", "server.uri", "ssl://b:8883", "password", "pw", false)).isNull();
        assertThat(CleartextCredentials.check("https", "endpoint", "https://c/in", "bearer.token", "t", false)).isNull();
        assertThat(CleartextCredentials.check("tcp", "server.uri", "tcp://b:1883", "password", "", false)).isNull();
        assertThat(CleartextCredentials.check("tcp", "server.uri", "tcp://b:1883", "password", "  ", false)).isNull();
        assertThat(CleartextCredentials.check("http", "endpoint", "http://c/in", "bearer.token", null, false)).isNull();
    }
}
