package org.cabinetgw.storage.internal;

import java.time.Duration;
import java.util.Map;

/** The RAID monitor's configuration, checked. */
record RaidSettings(String mdstatPath, String mdadmPath, int pollSeconds, int rebuildStepPercent,
        Map<String, Integer> expectedSpares, Duration commandTimeout, int telemetrySeconds) {

    static RaidSettings of(RaidMonitorConfig c) {
        String pid = RaidMonitor.PID;
        return new RaidSettings(Validation.path(pid, "mdstat.path", c.mdstat_path(), false),
                Validation.path(pid, "mdadm.path", c.mdadm_path(), true),
                Validation.range(pid, "poll.seconds", c.poll_seconds(),
                        RaidMonitorConfig.POLL_SECONDS_MIN, RaidMonitorConfig.POLL_SECONDS_MAX),
                Validation.range(pid, "rebuild.step.percent", c.rebuild_step_percent(),
                        RaidMonitorConfig.REBUILD_STEP_PERCENT_MIN, RaidMonitorConfig.REBUILD_STEP_PERCENT_MAX),
                Validation.expectedSpares(pid, "expected.spares", c.expected_spares()),
                Duration.ofSeconds(Validation.range(pid, "command.timeout.seconds", c.command_timeout_seconds(),
                        RaidMonitorConfig.COMMAND_TIMEOUT_SECONDS_MIN, RaidMonitorConfig.COMMAND_TIMEOUT_SECONDS_MAX)),
                Validation.rangeOrOff(pid, "telemetry.seconds", c.telemetry_seconds(), 10, 86400));
    }
}
