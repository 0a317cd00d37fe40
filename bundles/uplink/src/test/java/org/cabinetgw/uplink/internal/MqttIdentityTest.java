package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.cabinetgw.uplink.internal.mqtt.MqttConfig;
import org.cabinetgw.uplink.internal.mqtt.MqttConfigValidator;
import org.cabinetgw.uplink.internal.mqtt.MqttSettings;
import org.junit.jupiter.api.Test;

/** Every gateway its own MQTT identity by default, and every topic naming it. */
class MqttIdentityTest {

    @Test
    void byDefaultTheGatewaysIdentityIsTheClientIdAndPartOfEveryTopic() {
        MqttSettings s = MqttConfigValidator.validate(ValidatorsTest.config(MqttConfig.class, Map.of()), "cabinetgw-0242ac110002");
        assertThat(s.clientId()).isEqualTo("cabinetgw-0242ac110002");
        assertThat(s.topicPrefix()).isEqualTo("cabinetgw/cabinetgw-0242ac110002");
    }

    @Test
    void aConfiguredClientIdWinsAndThePrefixFollowsIt() {
        MqttSettings s = MqttConfigValidator.validate(ValidatorsTest.config(MqttConfig.class,
                Map.of("client_id", "cabinet-42")), "cabinetgw-0242ac110002");
        assertThat(s.clientId()).isEqualTo("cabinet-42");
        assertThat(s.topicPrefix()).isEqualTo("cabinetgw/cabinet-42");
        assertThat(MqttConfigValidator.validate(ValidatorsTest.config(MqttConfig.class,
                Map.of("topic_prefix", "site/north/{client.id}/v1")), "gw1").topicPrefix()).isEqualTo("site/north/gw1/v1");
    }

    @Test
    void withoutAnIdentityFromTheRuntimeTheOldFixedIdStays() {
        assertThat(MqttConfigValidator.validate(ValidatorsTest.config(MqttConfig.class, Map.of())).clientId())
                .isEqualTo("cabinetgw");
    }

    @Test
    void aClientIdThatWouldBreakTheTopicsIsRefusedNamingIt() {
        assertThatThrownBy(() -> MqttConfigValidator.validate(ValidatorsTest.config(MqttConfig.class,
                Map.of("client_id", "a+b")), null)).hasMessageContaining("topic.prefix");
    }
}
