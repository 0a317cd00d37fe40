package org.cabinetgw.storage.internal;

/**
 * What {@code smartctl -j -H -A} says about one disk. A null value was not reported (the drive or its
 * protocol does not have it).
 *
 * @param device             device name smartctl used
 * @param protocol           ATA, NVMe or SCSI
 * @param passed             the drive's overall health self-assessment
 * @param reallocatedSectors ATA attribute 5, raw
 * @param pendingSectors     ATA attribute 197, raw
 * @param temperatureCelsius current temperature
 * @param percentageUsed     NVMe percentage used, or 100 minus an SSD wear attribute's normalised value
 * @param mediaErrors        NVMe media and data integrity errors
 * @param criticalWarning    NVMe critical warning bits
 * @param exitStatus         smartctl's exit status (a bit mask, see smartctl(8))
 * @param model              the drive's model name (text from the drive); empty when not reported
 * @param serial             its serial number; empty when not reported
 */
public record SmartReport(String device, String protocol, Boolean passed, Long reallocatedSectors,
        Long pendingSectors, Integer temperatureCelsius, Integer percentageUsed, Long mediaErrors,
        Integer criticalWarning, int exitStatus, String model, String serial) {
}
