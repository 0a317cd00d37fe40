package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.FilesystemAlarm;

/**
 * A filesystem's health from /proc/mounts and statvfs. Pure.
 *
 * @param alarms the alarms that are on
 * @param state  DOWN when not mounted or read-only against expectation, DEGRADED when low on space or
 *               inodes, else UP
 * @param reason the alarms' sentences joined; empty when UP
 */
public record FilesystemAssessment(Map<FilesystemAlarm, AlarmReading> alarms, HealthState state, String reason) {

    /**
     * @param mount  the mount entry, or null when not mounted
     * @param usage  space and inodes, or null when not measured (not mounted)
     * @param wasOn  alarms on after the previous poll (for the hysteresis)
     */
    public static FilesystemAssessment of(String mountPoint, MountEntry mount, FsUsage usage, FilesystemLimits l,
            Set<FilesystemAlarm> wasOn) {
        Map<FilesystemAlarm, AlarmReading> alarms = new EnumMap<>(FilesystemAlarm.class);
        if (mount == null) {
            alarms.put(FilesystemAlarm.NOT_MOUNTED, new AlarmReading(0, 1, mountPoint + " is not mounted"));
        } else {
            if (l.expectWritable() && mount.readOnly()) {
                alarms.put(FilesystemAlarm.READ_ONLY, new AlarmReading(1, 0, mountPoint + " (" + mount.source()
                        + ", " + mount.fsType() + ") is mounted read-only: check the kernel log for I/O errors"));
            }
            if (usage != null) {
                double free = usage.freePercent();
                if (below(free, l.minFreePercent(), l.hysteresisPercent(), wasOn.contains(FilesystemAlarm.LOW_SPACE))) {
                    alarms.put(FilesystemAlarm.LOW_SPACE, new AlarmReading(round(free), l.minFreePercent(),
                            mountPoint + " has " + fmt(free) + " % free (" + usage.availableBytes() / (1024 * 1024)
                                    + " MiB), below " + fmt(l.minFreePercent()) + " %"));
                }
                double inodes = usage.freeInodesPercent();
                if (inodes >= 0 && below(inodes, l.minFreeInodesPercent(), l.hysteresisPercent(),
                        wasOn.contains(FilesystemAlarm.LOW_INODES))) {
                    alarms.put(FilesystemAlarm.LOW_INODES, new AlarmReading(round(inodes), l.minFreeInodesPercent(),
                            mountPoint + " has " + fmt(inodes) + " % inodes free, below "
                                    + fmt(l.minFreeInodesPercent()) + " %"));
                }
            }
        }
        HealthState state = alarms.containsKey(FilesystemAlarm.NOT_MOUNTED)
                || alarms.containsKey(FilesystemAlarm.READ_ONLY) ? HealthState.DOWN
                        : alarms.isEmpty() ? HealthState.UP : HealthState.DEGRADED;
        List<String> texts = new ArrayList<>();
        alarms.values().forEach(a -> texts.add(a.text()));
        return new FilesystemAssessment(Map.copyOf(alarms), state, String.join("; ", texts));
    }

    private static boolean below(double value, double limit, double hysteresis, boolean wasOn) {
        return wasOn ? value < limit + hysteresis : value < limit;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
