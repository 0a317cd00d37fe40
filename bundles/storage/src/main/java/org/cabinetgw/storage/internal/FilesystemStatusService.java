package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.storage.FilesystemSnapshot;
import org.cabinetgw.storage.FilesystemStatus;
import org.cabinetgw.storage.StorageEvents;

/**
 * A filesystem monitor's {@link FilesystemStatus} service: the last check, kept for readers (the dashboard plots
 * the free space). Registered from the monitor's activate method, withdrawn in its deactivate; reading it never
 * runs a command.
 */
final class FilesystemStatusService extends StatusServiceRegistration<FilesystemStatus>
        implements FilesystemStatus {

    private final String name;
    private final String mountPoint;
    private volatile FilesystemSnapshot snapshot;

    FilesystemStatusService(String name, String mountPoint) {
        super(FilesystemStatus.class);
        this.name = name;
        this.mountPoint = mountPoint;
        this.snapshot = new FilesystemSnapshot(name, mountPoint, null, false, false, "", -1, -1, Double.NaN, Double.NaN,
                "not checked yet");
    }

    @Override
    public FilesystemSnapshot snapshot() {
        return snapshot;
    }

    @Override
    Map<String, Object> serviceProperties() {
        return Map.of(FilesystemStatus.NAME, name, StorageEvents.MOUNT_POINT, mountPoint);
    }

    /** A check that measured (usage null: not mounted). */
    void measured(Instant at, MountEntry mount, FsUsage usage) {
        snapshot = new FilesystemSnapshot(name, mountPoint, at, mount != null, mount != null && mount.readOnly(),
                mount == null ? "" : mount.fsType(), usage == null ? -1 : usage.totalBytes(),
                usage == null ? -1 : usage.availableBytes(), usage == null ? Double.NaN : usage.freePercent(),
                usage == null || usage.freeInodesPercent() < 0 ? Double.NaN : usage.freeInodesPercent(), "");
    }

    /** A check that could not measure: the mount state is unknown, so nothing of the last one is kept. */
    void failed(Instant at, String why) {
        snapshot = new FilesystemSnapshot(name, mountPoint, at, false, false, "", -1, -1, Double.NaN, Double.NaN, why);
    }
}
