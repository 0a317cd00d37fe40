/**
 * Storage: Linux md RAID arrays, disks (SMART) and filesystems.
 *
 * <p>The storage bundle posts the events of {@link org.cabinetgw.storage.StorageEvents}; the RAID
 * events mirror {@code mdadm --monitor} so an integrator who knows mdadm recognises them
 * ({@link org.cabinetgw.storage.RaidEvent} maps each topic to mdadm's name).
 */
@Export
@Version("1.0.0")
package org.cabinetgw.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
