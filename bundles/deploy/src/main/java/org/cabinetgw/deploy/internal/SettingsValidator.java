package org.cabinetgw.deploy.internal;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.cabinetgw.support.internal.settings.SettingRanges;

/** Turns a {@link DeployAgentConfig} into {@link AgentSettings}, or refuses it naming the attribute, value and range. */
final class SettingsValidator {

    // a host name or an IPv4/IPv6 address as URI.getHost() gives it; a requester id as the command channel accepts it
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]_-]{1,253}");
    private static final Pattern REQUESTER = Pattern.compile("[^\\s/+#,]{1,255}");

    private SettingsValidator() {
    }

    static AgentSettings validate(DeployAgentConfig c) {
        long maxMb = range("download.max.megabytes", c.download_max_megabytes(),
                DeployAgentConfig.DOWNLOAD_MAX_MEGABYTES_MIN, DeployAgentConfig.DOWNLOAD_MAX_MEGABYTES_MAX);
        long connect = range("download.connect.timeout.seconds", c.download_connect_timeout_seconds(),
                DeployAgentConfig.DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MIN, DeployAgentConfig.DOWNLOAD_CONNECT_TIMEOUT_SECONDS_MAX);
        long read = range("download.read.timeout.seconds", c.download_read_timeout_seconds(),
                DeployAgentConfig.DOWNLOAD_READ_TIMEOUT_SECONDS_MIN, DeployAgentConfig.DOWNLOAD_READ_TIMEOUT_SECONDS_MAX);
        long deadline = range("download.deadline.seconds", c.download_deadline_seconds(),
                DeployAgentConfig.DOWNLOAD_DEADLINE_SECONDS_MIN, DeployAgentConfig.DOWNLOAD_DEADLINE_SECONDS_MAX);
        long gate = range("health.gate.seconds", c.health_gate_seconds(),
                DeployAgentConfig.HEALTH_GATE_SECONDS_MIN, DeployAgentConfig.HEALTH_GATE_SECONDS_MAX);
        long step = range("progress.step.percent", c.progress_step_percent(),
                DeployAgentConfig.PROGRESS_STEP_PERCENT_MIN, DeployAgentConfig.PROGRESS_STEP_PERCENT_MAX);
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
                c.download_allow_http(), trustStore, pw.toCharArray(), c.allow_unsigned(), gate * 1000, (int) step,
                list("download.hosts", c.download_hosts(), HOST, true), list("command.requesters", c.command_requesters(), REQUESTER, false));
    }

    /** A comma-separated list; every item must match {@code item} or the configuration is refused naming it. */
    private static Set<String> list(String attribute, String value, Pattern item, boolean lowerCase) {
        Set<String> items = new LinkedHashSet<>();
        for (String part : (value == null ? "" : value).split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (!item.matcher(p).matches()) {
                throw new IllegalArgumentException(attribute + " = " + value + ": '" + p + "' is not "
                        + (lowerCase ? "a host name or address" : "a client id (no spaces, '/', '+', '#')"));
            }
            items.add(lowerCase ? p.toLowerCase(Locale.ROOT) : p);
        }
        return Set.copyOf(items);
    }

    private static long range(String attribute, long value, long min, long max) {
        return SettingRanges.check(attribute, value, min, max);
    }
}
