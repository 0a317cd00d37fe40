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
                Validation.range(pid, "poll.seconds", c.poll_seconds(), 5, 86400),
                Duration.ofSeconds(Validation.range(pid, "command.timeout.seconds", c.command_timeout_seconds(), 1, 300)),
                new FilesystemLimits(Validation.range(pid, "min.free.percent", c.min_free_percent(), 0, 99),
                        Validation.range(pid, "min.free.inodes.percent", c.min_free_inodes_percent(), 0, 99),
                        Validation.range(pid, "hysteresis.percent", c.hysteresis_percent(), 0, 20),
                        c.expect_writable()));
    }

    List<String> statCommand() {
        return List.of(statPath, "-f", "-c", StatFsParser.FORMAT, mountPoint);
    }
}
