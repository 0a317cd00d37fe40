package org.cabinetgw.storage;

import java.time.Instant;
import java.util.Objects;

import org.cabinetgw.health.HealthState;

/**
 * One disk at its last SMART read ({@code smartctl -j -H -A}). A null value was not reported: the drive or its
 * protocol does not have it, or the last read failed. Since 1.2.
 *
 * @param name               the configured name
 * @param device             the configured device path
 * @param checked            when it was last read; null before the first read
 * @param state              its health, as the entry {@code storage.disk.NAME}
 * @param reason             the alarms' sentences, or why it could not be read; empty when UP
 * @param model              the drive's model as smartctl reports it (text from the drive: show it as text); empty
 *                           when not reported
 * @param serial             its serial number; empty when not reported
 * @param smartPassed        the drive's overall health self-assessment (the SMART verdict)
 * @param temperatureCelsius current temperature
 * @param reallocatedSectors ATA attribute 5, raw
 * @param pendingSectors     ATA attribute 197, raw
 * @param percentageUsed     NVMe percentage used, or 100 minus an SSD wear attribute's normalised value
 * @param mediaErrors        NVMe media and data integrity errors
 * @param error              why the last read failed (smartctl missing, timed out, cannot open the device); empty
 *                           when it succeeded
 */
public record DiskSnapshot(String name, String device, Instant checked, HealthState state, String reason, String model,
        String serial, Boolean smartPassed, Integer temperatureCelsius, Long reallocatedSectors, Long pendingSectors,
        Integer percentageUsed, Long mediaErrors, String error) {

    public DiskSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(state, "state");
        reason = reason == null ? "" : reason;
        model = model == null ? "" : model;
        serial = serial == null ? "" : serial;
        error = error == null ? "" : error;
    }
}
