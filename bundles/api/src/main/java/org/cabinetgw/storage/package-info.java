/**
 * Storage: Linux md RAID arrays, disks (SMART) and filesystems.
 *
 * <p>The storage bundle posts the events of {@link org.cabinetgw.storage.StorageEvents}; the RAID
 * events mirror {@code mdadm --monitor} so an integrator who knows mdadm recognises them
 * ({@link org.cabinetgw.storage.RaidEvent} maps each topic to mdadm's name). Each watched filesystem is
 * also a {@link org.cabinetgw.storage.FilesystemStatus} service to read its last check from (1.1); the RAID
 * monitor is an {@link org.cabinetgw.storage.ArrayStatus} service (every array, its members and sync progress) and
 * each watched disk a {@link org.cabinetgw.storage.DiskStatus} service (its last SMART read) (1.2).
 */
@Export
@Version("1.2.0")
package org.cabinetgw.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
