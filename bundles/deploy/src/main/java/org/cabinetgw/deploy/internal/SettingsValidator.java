package org.cabinetgw.deploy.internal;

import java.nio.file.Path;

/** Turns a {@link DeployAgentConfig} into {@link AgentSettings}, or refuses it naming the attribute, value and range. */
final class SettingsValidator {

    private SettingsValidator() {
    }

    static AgentSettings validate(DeployAgentConfig c) {
        long maxMb = range("download.max.megabytes", c.download_max_megabytes(), 1, 2048);
        long connect = range("download.connect.timeout.seconds", c.download_connect_timeout_seconds(), 1, 300);
        long read = range("download.read.timeout.seconds", c.download_read_timeout_seconds(), 1, 600);
        long deadline = range("download.deadline.seconds", c.download_deadline_seconds(), 10, 86_400);
        long gate = range("health.gate.seconds", c.health_gate_seconds(), 1, 3600);
        long step = range("progress.step.percent", c.progress_step_percent(), 1, 100);
        Path trustStore = null;
        String ts = c.trust_store() == null ? "" : c.trust_store().trim();
        if (!ts.isEmpty()) {
            trustStore = Path.of(ts);
            if (!trustStore.isAbsolute()) {
                throw new IllegalArgumentException("trust.store = " + ts + " must be an absolute path");
            }
            if (!java.nio.file.Files.isReadable(trustStore)) {
                throw new IllegalArgumentException("trust.store = " + ts + " is not a readable file");
            }
        }
        String pw = c.trust_store_password() == null ? "" : c.trust_store_password();
        return new AgentSettings(maxMb * 1024 * 1024, (int) connect * 1000, (int) read * 1000, deadline * 1000,
                c.download_allow_http(), trustStore, pw.toCharArray(), c.allow_unsigned(), gate * 1000, (int) step);
    }

    private static long range(String attribute, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(attribute + " = " + value + " is out of range: allowed " + min + ".." + max);
        }
        return value;
    }
}
