/**
 * Storage: Linux md RAID arrays, disks (SMART) and filesystems.
 *
 * <p>The storage bundle posts the events of {@link org.cabinetgw.storage.StorageEvents}; the RAID
 * events mirror {@code mdadm --monitor} so an integrator who knows mdadm recognises them
 * ({@link org.cabinetgw.storage.RaidEvent} maps each topic to mdadm's name). Each watched filesystem is
 * also a {@link org.cabinetgw.storage.FilesystemStatus} service to read its last check from (1.1).
 */
@Export
@Version("1.1.0")
package org.cabinetgw.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
