package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.Map;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.storage.StorageEvents;

/**
 * A disk monitor's {@link DiskStatus} service: the last SMART read with the disk's health, kept for readers (the
 * dashboard's disks table). Registered from the monitor's activate method, withdrawn in its deactivate; reading it
 * never runs smartctl.
 */
final class DiskStatusService extends StatusServiceRegistration<DiskStatus> implements DiskStatus {

    private final String name;
    private final String device;
    private volatile DiskSnapshot snapshot;

    DiskStatusService(String name, String device, Health initial) {
        super(DiskStatus.class);
        this.name = name;
        this.device = device;
        this.snapshot = new DiskSnapshot(name, device, null, initial.state(), initial.reason(), "", "", null, null,
                null, null, null, null, "");
    }

    @Override
    public DiskSnapshot snapshot() {
        return snapshot;
    }

    @Override
    Map<String, Object> serviceProperties() {
        return Map.of(DiskStatus.NAME, name, StorageEvents.DEVICE, device);
    }

    /** A read smartctl answered, with the health it gave the disk. */
    void read(Instant at, SmartReport r, Health health) {
        snapshot = new DiskSnapshot(name, device, at, health.state(), health.reason(), r.model(), r.serial(),
                r.passed(), r.temperatureCelsius(), r.reallocatedSectors(), r.pendingSectors(), r.percentageUsed(),
                r.mediaErrors(), "");
    }

    /** A read that failed: nothing of the last one is kept, the health (DOWN) says why. */
    void failed(Instant at, Health health) {
        snapshot = new DiskSnapshot(name, device, at, health.state(), health.reason(), "", "", null, null, null, null,
                null, null, health.reason());
    }
}
