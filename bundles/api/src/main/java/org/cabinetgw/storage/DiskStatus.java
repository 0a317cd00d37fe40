package org.cabinetgw.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Query service of one watched disk: the storage bundle registers one per configured disk (factory configuration
 * {@code org.cabinetgw.storage.disk}), with the service properties {@link #NAME} and {@link StorageEvents#DEVICE}.
 * Read-only; it goes away with its configuration. Since 1.2.
 */
@ProviderType
public interface DiskStatus {

    /** Service property: the disk's configured name (String), as in its health entry {@code storage.disk.NAME}. */
    String NAME = "disk.name";

    /** The last SMART read; never null (not yet read: {@link DiskSnapshot#checked()} is null). Does not block. */
    DiskSnapshot snapshot();
}
