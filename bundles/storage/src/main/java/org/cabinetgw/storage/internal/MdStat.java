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

    /** The member volumes of a container ({@code super external:/md127/0} for md127), in file order. */
    public List<MdArray> volumesOf(String container) {
        return arrays.stream().filter(a -> a.volumeOf().equals(container)).toList();
    }

    public Optional<MdArray> array(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
