package org.cabinetgw.storage.internal;

import java.util.List;

/**
 * One line of /proc/mounts.
 *
 * @param source     what is mounted (a device, or a pseudo name like tmpfs)
 * @param mountPoint where, with the kernel's octal escapes decoded
 * @param fsType     filesystem type
 * @param options    mount options in order; the first is rw or ro
 */
public record MountEntry(String source, String mountPoint, String fsType, List<String> options) {

    public MountEntry {
        options = List.copyOf(options);
    }

    public boolean readOnly() {
        return options.contains("ro");
    }
}
