package org.cabinetgw.uplink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.Map;

import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.uplink.internal.http.HttpConfig;
import org.cabinetgw.uplink.internal.http.HttpConfigValidator;
import org.cabinetgw.uplink.internal.mqtt.MqttConfig;
import org.cabinetgw.uplink.internal.mqtt.MqttConfigValidator;
import org.cabinetgw.testing.AnnotationConfig;
import org.junit.jupiter.api.Test;

/** Every configuration refusal names the attribute, the value and what is allowed. */
class ValidatorsTest {

    /** A configuration annotation instance: the defaults, with some values overridden (as DS builds them). */
    static <A extends Annotation> A config(Class<A> type, Map<String, Object> overrides) {
        return AnnotationConfig.of(type, overrides);
    }

    private static final Path DIR = Path.of("/var/lib/cabinetgw/uplink");

    @Test
    void uplinkDefaultsAreValid() {
        UplinkSettings s = UplinkConfigValidator.validate(config(UplinkConfig.class, Map.of()), DIR);
        assertThat(s.directory()).isEqualTo(DIR);
        assertThat(s.maxQueueBytes()).isEqualTo(256L << 20);
        assertThat(s.failoverMillis()).isEqualTo(30_000);
        assertThat(s.meteredPriorities()).containsExactlyInAnyOrder(Priority.ALARM, Priority.EVENT);
    }

    @Test
    void uplinkOutOfRangeIsRefusedNamingTheAttribute() {
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("failover_seconds", 0)), DIR)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failover.seconds").hasMessageContaining("0").hasMessageContaining("1..3600");
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("queue_max_megabytes", -5)), DIR)).hasMessageContaining("queue.max.megabytes = -5");
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("metered_priorities", new String[] { "ALARM", "URGENT" })), DIR))
                .hasMessageContaining("metered.priorities").hasMessageContaining("URGENT");
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("metered_mode", "sometimes")), DIR)).hasMessageContaining("metered.mode = sometimes");
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("data_directory", "relative/dir")), DIR)).hasMessageContaining("data.directory");
        assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                Map.of("message_max_kilobytes", 4096, "segment_megabytes", 2)), DIR))
                .hasMessageContaining("message.max.kilobytes = 4096");
    }

    @Test
    void aggregateSettingsHaveSensibleDefaultsAndZeroTurnsThemOff() {
        UplinkSettings s = UplinkConfigValidator.validate(config(UplinkConfig.class, Map.of()), DIR);
        assertThat(s.aggregateMillis()).isEqualTo(300_000);
        assertThat(s.aggregateMaxSeries()).isEqualTo(1000);
        assertThat(UplinkConfigValidator.validate(config(UplinkConfig.class, Map.of("metered_aggregate_seconds", 0)),
                DIR).aggregateMillis()).isZero();
        assertThat(UplinkConfigValidator.validate(config(UplinkConfig.class, Map.of("metered_aggregate_seconds", 10,
                "metered_aggregate_max_series", 1)), DIR)).satisfies(v -> {
                    assertThat(v.aggregateMillis()).isEqualTo(10_000);
                    assertThat(v.aggregateMaxSeries()).isEqualTo(1);
                });
        assertThat(UplinkConfigValidator.validate(config(UplinkConfig.class, Map.of("metered_aggregate_seconds", 86_400,
                "metered_aggregate_max_series", 100_000)), DIR).aggregateMillis()).isEqualTo(86_400_000L);
    }

    @Test
    void badAggregateSettingsAreRefusedNamingTheAttributeAndTheRange() {
        for (int bad : new int[] { -1, 1, 9, 86_401, Integer.MIN_VALUE, Integer.MAX_VALUE }) {
            assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                    Map.of("metered_aggregate_seconds", bad)), DIR)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metered.aggregate.seconds = " + bad)
                    .hasMessageContaining("0 (no aggregates) or 10..86400");
        }
        for (int bad : new int[] { 0, -3, 100_001 }) {
            assertThatThrownBy(() -> UplinkConfigValidator.validate(config(UplinkConfig.class,
                    Map.of("metered_aggregate_max_series", bad)), DIR)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("metered.aggregate.max.series = " + bad).hasMessageContaining("1..100000");
        }
    }

    @Test
    void mqttValidation() {
        assertThat(MqttConfigValidator.validate(config(MqttConfig.class, Map.of())).qos()).isEqualTo(1);
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class, Map.of("qos", 3))))
                .hasMessageContaining("qos = 3").hasMessageContaining("0..2");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("server_uri", "http://broker:1883")))).hasMessageContaining("server.uri");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("server_uri", "tcp://broker")))).hasMessageContaining("port");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("topic_prefix", "cab/#")))).hasMessageContaining("topic.prefix");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("window", 0)))).hasMessageContaining("window = 0");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("tls_trust_store", "/nonexistent/ca.p12")))).hasMessageContaining("tls.trust.store");
        assertThatThrownBy(() -> MqttConfigValidator.validate(config(MqttConfig.class,
                Map.of("client_id", "x".repeat(65))))).hasMessageContaining("client.id");
    }

    @Test
    void httpValidation() {
        assertThat(HttpConfigValidator.validate(config(HttpConfig.class, Map.of())).batchSize()).isEqualTo(200);
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("endpoint", "ftp://x/y")))).hasMessageContaining("endpoint = ftp://x/y");
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("endpoint", "https://user:pw@x/y")))).hasMessageContaining("credentials");
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("batch_size", 0)))).hasMessageContaining("batch.size = 0");
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("bearer_token", "abc\r\nX-Injected: 1")))).hasMessageContaining("bearer.token");
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("endpoint", "not a url")))).hasMessageContaining("endpoint");
        // the shared TLS settings (CHANGES.md rule 4): the HTTP client cannot skip the host-name check
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("tls_verify_hostname", false)))).hasMessageContaining("tls.verify.hostname = false");
        assertThatThrownBy(() -> HttpConfigValidator.validate(config(HttpConfig.class,
                Map.of("tls_key_store", "/nonexistent/client.p12")))).hasMessageContaining("tls.key.store");
    }
}
