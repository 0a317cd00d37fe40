package org.cabinetgw.support.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretNamesTest {

    @Test
    void theNamesOfSecretsInAnySpellingAreSecret() {
        for (String name : new String[] {"password", "mqtt.password", "Passwd", "key.passphrase", "client_secret",
            "api.token", "credentials", "private.key", "privateKey", "api-key", "pair.key", "tls.key.store.password"}) {
            assertThat(SecretNames.isSecret(name)).as(name).isTrue();
        }
    }

    @Test
    void ordinaryNamesAndNullAreNot() {
        for (String name : new String[] {"server.uri", "username", "key.store", "keyAlias", "pass", "topic", ""}) {
            assertThat(SecretNames.isSecret(name)).as(name).isFalse();
        }
        assertThat(SecretNames.isSecret(null)).isFalse();
    }
}
