package org.cabinetgw.sim.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void defaultsAreLoopbackOn1883InMemoryWithoutPhoningHome() {
        Properties p = new BrokerSettings(BrokerSettings.DEFAULT_HOST, BrokerSettings.DEFAULT_PORT,
                BrokerSettings.DEFAULT_MAX_MESSAGE_BYTES, true).moquetteProperties();
        assertThat(p.getProperty("host")).isEqualTo("127.0.0.1");
        assertThat(p.getProperty("port")).isEqualTo("1883");
        assertThat(p.getProperty("persistence_enabled")).isEqualTo("false");
        assertThat(p.getProperty("telemetry_enabled")).isEqualTo("false");
        assertThat(p.getProperty("websocket_port")).isEqualTo("disabled");
        assertThat(p.getProperty("ssl_port")).as("no TLS listener: Moquette opens one when the key is present").isNull();
        assertThat(p.getProperty("netty.mqtt.message_size")).isEqualTo(Integer.toString(1024 * 1024));
    }

    @Test
    void portOutsideRangeIsRefusedNamingAttributeValueAndRange() {
        assertThatThrownBy(() -> new BrokerSettings("127.0.0.1", 65536, 4096, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("port = 65536 is out of range; allowed 0..65535");
        assertThatThrownBy(() -> new BrokerSettings("127.0.0.1", -1, 4096, true))
                .hasMessage("port = -1 is out of range; allowed 0..65535");
    }

    @Test
    void portBoundsAreAccepted() {
        assertThat(new BrokerSettings("127.0.0.1", 0, 4096, true).port()).isZero();
        assertThat(new BrokerSettings("127.0.0.1", 65535, 4096, true).port()).isEqualTo(65535);
    }

    @Test
    void messageSizeOutsideRangeIsRefused() {
        assertThatThrownBy(() -> new BrokerSettings("127.0.0.1", 1883, 1023, true))
                .hasMessage("max.message.bytes = 1023 is out of range; allowed 1024..268435455");
        assertThatThrownBy(() -> new BrokerSettings("127.0.0.1", 1883, Integer.MAX_VALUE, true))
                .hasMessageStartingWith("max.message.bytes = 2147483647");
        assertThat(new BrokerSettings("h", 1, BrokerSettings.MQTT_MAX_PACKET, true).maxMessageBytes())
                .isEqualTo(268_435_455);
    }

    @Test
    void hostileHostsAreRefused() {
        for (String host : new String[] {null, "", "   ", "127.0.0.1 8.8.8.8", "local\nhost", "a\u0000b"}) {
            assertThatThrownBy(() -> new BrokerSettings(host, 1883, 4096, true))
                    .as("host %s", host).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host = ");
        }
    }
}
