package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class AcceptedSettingsTest {

    @Test
    void aGoodConfigurationIsWhatRuns() {
        AcceptedSettings a = AcceptedSettings.of(Configs.config(Map.of("health_gate_seconds", 5)), null);
        assertThat(a.refused()).isNull();
        assertThat(a.settings().healthGateMillis()).isEqualTo(5000);
    }

    @Test
    void aRefusedSettingIsNamedAndTheAgentRunsOnTheStrictDefaults() {
        AcceptedSettings a = AcceptedSettings.of(Configs.config(Map.of("health_gate_seconds", -1,
                "allow_unsigned", true)), null);
        assertThat(a.refused()).hasMessage("health.gate.seconds = -1 is out of range; allowed 1..3600");
        assertThat(a.settings().healthGateMillis()).as("the default").isEqualTo(60_000);
        assertThat(a.settings().allowUnsigned()).as("what the refused configuration allowed is not allowed")
                .isFalse();
    }

    @Test
    void anUnreadableTrustStoreIsRefusedToo() {
        AcceptedSettings a = AcceptedSettings.of(Configs.config(Map.of("trust_store", "/nonexistent/trust.p12")), null);
        assertThat(a.refused().getMessage()).startsWith("trust.store = /nonexistent/trust.p12");
        assertThat(a.settings().trustStore()).isNull();
    }
}
