package org.cabinetgw.storage.internal;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;

import org.cabinetgw.health.Health;
import org.cabinetgw.storage.DiskSnapshot;
import org.cabinetgw.storage.DiskStatus;
import org.cabinetgw.storage.StorageEvents;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A disk monitor's {@link DiskStatus} service: the last SMART read with the disk's health, kept for readers (the
 * dashboard's disks table). Registered from the monitor's activate method, withdrawn in its deactivate; reading it
 * never runs smartctl.
 */
final class DiskStatusService implements DiskStatus {

    private final String name;
    private final String device;
    private volatile DiskSnapshot snapshot;
    private ServiceRegistration<DiskStatus> registration;

    DiskStatusService(String name, String device, Health initial) {
        this.name = name;
        this.device = device;
        this.snapshot = new DiskSnapshot(name, device, null, initial.state(), initial.reason(), "", "", null, null,
                null, null, null, null, "");
    }

    @Override
    public DiskSnapshot snapshot() {
        return snapshot;
    }

    synchronized void register(BundleContext context) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DiskStatus.NAME, name);
        props.put(StorageEvents.DEVICE, device);
        registration = context.registerService(DiskStatus.class, this, props);
    }

    synchronized void unregister() {
        registration = Registrations.withdraw(registration);
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
