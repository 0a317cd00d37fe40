package org.cabinetgw.storage.internal;

import java.util.List;
import java.util.Optional;

/**
 * A parsed /proc/mdstat.
 *
 * @param personalities  the RAID personalities the kernel has loaded, e.g. {@code raid1}
 * @param arrays         every md array, in the kernel's order
 * @param unusedDevices  devices with an md superblock that belong to no array
 */
public record MdStat(List<String> personalities, List<MdArray> arrays, List<String> unusedDevices) {

    public MdStat {
        personalities = List.copyOf(personalities);
        arrays = List.copyOf(arrays);
        unusedDevices = List.copyOf(unusedDevices);
    }

    public Optional<MdArray> array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
