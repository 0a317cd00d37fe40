package org.cabinetgw.storage.internal;

/**
 * Limits above which a disk raises an alarm (all inclusive: the alarm is on when the value is greater).
 *
 * @param maxReallocatedSectors reallocated sectors tolerated
 * @param maxPendingSectors     pending (unreadable) sectors tolerated
 * @param maxTemperatureCelsius highest temperature tolerated
 * @param maxPercentageUsed     wear tolerated, in percent of the rated endurance
 * @param maxMediaErrors        NVMe media errors tolerated
 */
public record DiskThresholds(long maxReallocatedSectors, long maxPendingSectors, int maxTemperatureCelsius,
        int maxPercentageUsed, long maxMediaErrors) {
}
