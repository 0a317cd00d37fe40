package org.cabinetgw.storage.internal;

import java.time.Duration;
import java.util.List;

/** A filesystem monitor's configuration, checked. */
record FilesystemSettings(String name, String mountPoint, String mountsPath, String statPath, int pollSeconds,
        Duration commandTimeout, FilesystemLimits limits) {

    static FilesystemSettings of(FilesystemMonitorConfig c) {
        String pid = FilesystemMonitor.PID;
        String mountPoint = Validation.path(pid, "mount.point", c.mount_point(), false);
        if (mountPoint.length() > 1 && mountPoint.endsWith("/")) {
            mountPoint = mountPoint.substring(0, mountPoint.length() - 1); // /proc/mounts has no trailing slash
        }
        return new FilesystemSettings(Validation.name(pid, "name", c.name()), mountPoint,
                Validation.path(pid, "mounts.path", c.mounts_path(), false),
                Validation.path(pid, "stat.path", c.stat_path(), false),
                Validation.range(pid, "poll.seconds", c.poll_seconds(),
                        FilesystemMonitorConfig.POLL_SECONDS_MIN, FilesystemMonitorConfig.POLL_SECONDS_MAX),
                Duration.ofSeconds(Validation.range(pid, "command.timeout.seconds", c.command_timeout_seconds(),
                        FilesystemMonitorConfig.COMMAND_TIMEOUT_SECONDS_MIN, FilesystemMonitorConfig.COMMAND_TIMEOUT_SECONDS_MAX)),
                new FilesystemLimits(Validation.range(pid, "min.free.percent", c.min_free_percent(),
                        FilesystemMonitorConfig.MIN_FREE_PERCENT_MIN, FilesystemMonitorConfig.MIN_FREE_PERCENT_MAX),
                        Validation.range(pid, "min.free.inodes.percent", c.min_free_inodes_percent(),
                                FilesystemMonitorConfig.MIN_FREE_INODES_PERCENT_MIN, FilesystemMonitorConfig.MIN_FREE_INODES_PERCENT_MAX),
                        Validation.range(pid, "hysteresis.percent", c.hysteresis_percent(),
                                FilesystemMonitorConfig.HYSTERESIS_PERCENT_MIN, FilesystemMonitorConfig.HYSTERESIS_PERCENT_MAX),
                        c.expect_writable()));
    }

    List<String> statCommand() {
        return List.of(statPath, "-f", "-c", StatFsParser.FORMAT, mountPoint);
    }
}
