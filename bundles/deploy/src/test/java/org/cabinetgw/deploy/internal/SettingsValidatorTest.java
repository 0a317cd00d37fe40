package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsValidatorTest {

    @Test
    void defaultsAreValidAndSafe() {
        AgentSettings s = Configs.settings(Map.of());
        assertThat(s.maxBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(s.requesters()).as("any requester: the broker's ACL is the gate").isEmpty();
        assertThat(s.downloadHosts()).isEmpty();
        assertThat(s.allowHttp()).isFalse();
        assertThat(s.allowUnsigned()).isFalse();
        assertThat(s.trustStore()).isNull();
        assertThat(s.healthGateMillis()).isEqualTo(60_000);
        assertThat(s.connectTimeoutMillis()).isEqualTo(15_000);
    }

    @Test
    void valuesOutOfRangeAreRefusedNamingAttributeValueAndRange() {
        assertThatThrownBy(() -> Configs.settings(Map.of("download_max_megabytes", 0)))
                .hasMessage("download.max.megabytes = 0 is out of range; allowed 1..2048");
        assertThatThrownBy(() -> Configs.settings(Map.of("health_gate_seconds", 3601)))
                .hasMessage("health.gate.seconds = 3601 is out of range; allowed 1..3600");
        assertThatThrownBy(() -> Configs.settings(Map.of("download_deadline_seconds", 9)))
                .hasMessageContaining("download.deadline.seconds = 9");
        assertThatThrownBy(() -> Configs.settings(Map.of("progress_step_percent", -5)))
                .hasMessageContaining("progress.step.percent = -5");
        assertThatThrownBy(() -> Configs.settings(Map.of("download_read_timeout_seconds", Integer.MAX_VALUE)))
                .hasMessageContaining("download.read.timeout.seconds");
    }

    @Test
    void aTrustStoreMustBeAnAbsoluteReadableFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Configs.settings(Map.of("trust_store", "relative/trust.p12")))
                .hasMessage("trust.store = relative/trust.p12 must be an absolute path");
        String missing = dir.resolve("none.p12").toString();
        assertThatThrownBy(() -> Configs.settings(Map.of("trust_store", missing)))
                .hasMessage("trust.store = " + missing + " is not a readable file");
        Path file = Files.writeString(dir.resolve("t.p12"), "x");
        assertThat(Configs.settings(Map.of("trust_store", " " + file + " ")).trustStore()).isEqualTo(file);
    }

    @Test
    void allowListsAreTrimmedAndMalformedItemsRefusedNamingTheAttribute() {
        AgentSettings s = Configs.settings(Map.of("command_requesters", " cloud-1, ,cloud-2 ", "download_hosts", "Repo.Example.com,10.0.0.7"));
        assertThat(s.requesters()).containsExactlyInAnyOrder("cloud-1", "cloud-2");
        assertThat(s.downloadHosts()).containsExactlyInAnyOrder("repo.example.com", "10.0.0.7");
        assertThatThrownBy(() -> Configs.settings(Map.of("command_requesters", "cloud/#")))
                .hasMessageContaining("command.requesters").hasMessageContaining("'cloud/#'");
        assertThatThrownBy(() -> Configs.settings(Map.of("download_hosts", "https://repo.example.com/")))
                .hasMessageContaining("download.hosts").hasMessageContaining("not a host name");
    }
}
