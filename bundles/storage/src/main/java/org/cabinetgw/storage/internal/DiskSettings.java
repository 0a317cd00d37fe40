package org.cabinetgw.storage.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A disk monitor's configuration, checked. */
record DiskSettings(String name, String device, String deviceType, String smartctlPath, int pollSeconds,
        Duration commandTimeout, DiskThresholds thresholds) {

    static DiskSettings of(DiskMonitorConfig c) {
        String pid = DiskMonitor.PID;
        String type = c.device_type() == null ? "" : c.device_type().trim();
        if (!type.matches("[a-z0-9,+_-]{0,40}")) {
            throw new IllegalArgumentException(pid + ": device.type = '" + c.device_type()
                    + "' is not a smartctl -d type, e.g. sat, nvme or megaraid,0 (or empty)");
        }
        return new DiskSettings(Validation.name(pid, "name", c.name()),
                Validation.path(pid, "device", c.device(), false), type,
                Validation.path(pid, "smartctl.path", c.smartctl_path(), false),
                Validation.range(pid, "poll.seconds", c.poll_seconds(),
                        DiskMonitorConfig.POLL_SECONDS_MIN, DiskMonitorConfig.POLL_SECONDS_MAX),
                Duration.ofSeconds(Validation.range(pid, "command.timeout.seconds", c.command_timeout_seconds(),
                        DiskMonitorConfig.COMMAND_TIMEOUT_SECONDS_MIN, DiskMonitorConfig.COMMAND_TIMEOUT_SECONDS_MAX)),
                new DiskThresholds(
                        Validation.range(pid, "max.reallocated.sectors", c.max_reallocated_sectors(),
                                DiskMonitorConfig.MAX_REALLOCATED_SECTORS_MIN, DiskMonitorConfig.MAX_REALLOCATED_SECTORS_MAX),
                        Validation.range(pid, "max.pending.sectors", c.max_pending_sectors(),
                                DiskMonitorConfig.MAX_PENDING_SECTORS_MIN, DiskMonitorConfig.MAX_PENDING_SECTORS_MAX),
                        Validation.range(pid, "max.temperature.celsius", c.max_temperature_celsius(),
                                DiskMonitorConfig.MAX_TEMPERATURE_CELSIUS_MIN, DiskMonitorConfig.MAX_TEMPERATURE_CELSIUS_MAX),
                        Validation.range(pid, "max.percentage.used", c.max_percentage_used(),
                                DiskMonitorConfig.MAX_PERCENTAGE_USED_MIN, DiskMonitorConfig.MAX_PERCENTAGE_USED_MAX),
                        Validation.range(pid, "max.media.errors", c.max_media_errors(),
                                DiskMonitorConfig.MAX_MEDIA_ERRORS_MIN, DiskMonitorConfig.MAX_MEDIA_ERRORS_MAX)));
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(smartctlPath, "-j", "-i", "-H", "-A"));
        if (!deviceType.isEmpty()) {
            cmd.add("-d");
            cmd.add(deviceType);
        }
        cmd.add(device);
        return cmd;
    }
}
