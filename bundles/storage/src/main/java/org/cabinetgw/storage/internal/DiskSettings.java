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
                Validation.range(pid, "poll.seconds", c.poll_seconds(), 10, 86400),
                Duration.ofSeconds(Validation.range(pid, "command.timeout.seconds", c.command_timeout_seconds(), 1, 300)),
                new DiskThresholds(
                        Validation.range(pid, "max.reallocated.sectors", c.max_reallocated_sectors(), 0, 1_000_000),
                        Validation.range(pid, "max.pending.sectors", c.max_pending_sectors(), 0, 1_000_000),
                        Validation.range(pid, "max.temperature.celsius", c.max_temperature_celsius(), 20, 100),
                        Validation.range(pid, "max.percentage.used", c.max_percentage_used(), 1, 255),
                        Validation.range(pid, "max.media.errors", c.max_media_errors(), 0, 1_000_000)));
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
