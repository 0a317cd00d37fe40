package org.cabinetgw.storage.internal;

/**
 * Space and inodes of one filesystem, as statvfs(3) reports them.
 *
 * @param blockSize       bytes per block of the counts below
 * @param totalBlocks     data blocks
 * @param freeBlocks      free blocks, including those reserved for root
 * @param availableBlocks free blocks an ordinary user may use
 * @param totalInodes     inodes; 0 on filesystems without a fixed inode table (btrfs, vfat)
 * @param freeInodes      free inodes
 */
public record FsUsage(long blockSize, long totalBlocks, long freeBlocks, long availableBlocks, long totalInodes,
        long freeInodes) {

    /**
     * Free space as df shows it (100 minus Use%): available / (used + available), so the blocks reserved
     * for root count as neither, and a filesystem at 100 % in df is at 0 here.
     */
    public double freePercent() {
        long used = totalBlocks - freeBlocks;
        long denominator = used + availableBlocks;
        return denominator <= 0 ? 100.0 : 100.0 * availableBlocks / denominator;
    }

    /** Free inodes in percent; -1 when the filesystem has no inode limit. */
    public double freeInodesPercent() {
        return totalInodes <= 0 ? -1 : 100.0 * freeInodes / totalInodes;
    }

    public long availableBytes() {
        return availableBlocks * blockSize;
    }

    public long totalBytes() {
        return totalBlocks * blockSize;
    }
}
