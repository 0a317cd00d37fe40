package org.cabinetgw.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Query service of one watched filesystem: the storage bundle registers one per configured mount point
 * (factory configuration {@code org.cabinetgw.storage.filesystem}), with the service properties {@link #NAME}
 * and {@link StorageEvents#MOUNT_POINT}. Read-only; it goes away with its configuration.
 */
@ProviderType
public interface FilesystemStatus {

    /** Service property: the filesystem's configured name (String), as in its health entry {@code storage.fs.NAME}. */
    String NAME = "filesystem.name";

    /** The last check; never null (not yet checked: {@link FilesystemSnapshot#checked()} is null). Does not block. */
    FilesystemSnapshot snapshot();
}
