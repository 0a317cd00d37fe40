package org.cabinetgw.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void theDeclarativeServicesPrintersComponentProperties() {
        // as org.apache.felix.webconsole.plugins.ds prints them on status-scr
        String printed = """
                Component org.cabinetgw.uplink.mqtt
                  Properties=
                    client.id=cab-1
                    password=MQTT-SECRET-1
                    server.uri=tcp://127.0.0.1:1883
                    tls.key.store.password=
                    bearer.token=BEARER-SECRET-2
                    trust.store.password=TRUST-SECRET-3
                """;
        String masked = SecretMask.mask(printed);
        assertThat(masked).doesNotContain("SECRET")
                .contains("    password=********", "    bearer.token=********", "trust.store.password=********")
                .contains("client.id=cab-1", "server.uri=tcp://127.0.0.1:1883", "tls.key.store.password=\n");
    }

    @Test
    void theServicesAndFrameworkPropertiesPrinters() {
        String printed = """
                Service 85 - [org.cabinetgw.deploy.CommandHandler] (pid: org.cabinetgw.deploy.agent)
                    trust.store.password: TRUST-SECRET-3
                    service.pid: org.cabinetgw.deploy.agent
                felix.webconsole.password = {sha-256}KrJ1+3FU97CotXeYh3vlxTjBFiBSwvl8kqqU9ui7Unw=
                felix.webconsole.username = admin
                """;
        String masked = SecretMask.mask(printed);
        assertThat(masked).doesNotContain("SECRET", "KrJ1")
                .contains("trust.store.password: ********", "felix.webconsole.password = ********",
                        "felix.webconsole.username = admin", "service.pid: org.cabinetgw.deploy.agent");
    }

    @Test
    void json() {
        String printed = "{\"id\":1,\"properties\":{\"password\":\"MQTT-\\\"SECRET\\\"-1\",\"bearer.token\":\"B\","
                + "\"api_key\":42,\"client.id\":\"cab-1\"}}";
        String masked = SecretMask.mask(printed);
        assertThat(masked).doesNotContain("SECRET", "\"B\"", "42")
                .contains("\"password\":\"********\"", "\"bearer.token\":\"********\"", "\"client.id\":\"cab-1\"");
    }

    @Test
    void namesThatSaySecret() {
        for (String k : new String[] { "password", "tls.trust.store.password", "bearer.token", "PassPhrase", "passwd",
                "client.secret", "credentials", "private.key", "apiKey" }) {
            assertThat(SecretMask.isSecret(k)).as(k).isTrue();
        }
        for (String k : new String[] { "user", "username", "client.id", "server.uri", "topic.prefix", "service.pid" }) {
            assertThat(SecretMask.isSecret(k)).as(k).isFalse();
        }
    }

    @Test
    void textWithoutSecretsIsUnchanged() {
        String printed = "Status: 12 configurations available\n  a = b\n\n  odd line with = signs = here\n";
        assertThat(SecretMask.mask(printed)).isEqualTo(printed);
    }
}
