package org.cabinetgw.storage.internal;

/**
 * The write-intent bitmap line: {@code bitmap: 1/8 pages [4KB], 65536KB chunk[, file: /path]}.
 *
 * @param pagesInUse pages in memory
 * @param pages      pages in all
 * @param memoryKiB  memory used by the bitmap
 * @param chunkBytes bytes of array one bitmap bit covers
 * @param file       the external bitmap file; empty when the bitmap is internal
 */
public record MdBitmap(long pagesInUse, long pages, long memoryKiB, long chunkBytes, String file) {
}
