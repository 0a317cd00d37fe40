package org.cabinetgw.storage.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.cabinetgw.health.HealthState;
import org.cabinetgw.storage.DiskAlarm;

/**
 * A disk's health from its SMART report and the configured limits. Pure.
 *
 * @param alarms the alarms that are on
 * @param state  DOWN when the drive says it is failing, DEGRADED with any other alarm, else UP
 * @param reason the alarms' sentences joined; empty when UP
 */
public record DiskAssessment(Map<DiskAlarm, AlarmReading> alarms, HealthState state, String reason) {

    public static DiskAssessment of(String name, SmartReport r, DiskThresholds t) {
        Map<DiskAlarm, AlarmReading> alarms = new EnumMap<>(DiskAlarm.class);
        if (Boolean.FALSE.equals(r.passed())) {
            alarms.put(DiskAlarm.SMART_FAILED, new AlarmReading(0, 1,
                    "disk " + name + " fails its SMART overall-health self-assessment: replace it"));
        }
        if (r.reallocatedSectors() != null && r.reallocatedSectors() > t.maxReallocatedSectors()) {
            alarms.put(DiskAlarm.REALLOCATED_SECTORS, new AlarmReading(r.reallocatedSectors(), t.maxReallocatedSectors(),
                    "disk " + name + " has " + r.reallocatedSectors() + " reallocated sectors (limit "
                            + t.maxReallocatedSectors() + ")"));
        }
        if (r.pendingSectors() != null && r.pendingSectors() > t.maxPendingSectors()) {
            alarms.put(DiskAlarm.PENDING_SECTORS, new AlarmReading(r.pendingSectors(), t.maxPendingSectors(),
                    "disk " + name + " has " + r.pendingSectors() + " unreadable sectors pending reallocation (limit "
                            + t.maxPendingSectors() + ")"));
        }
        if (r.temperatureCelsius() != null && r.temperatureCelsius() > t.maxTemperatureCelsius()) {
            alarms.put(DiskAlarm.TEMPERATURE, new AlarmReading(r.temperatureCelsius(), t.maxTemperatureCelsius(),
                    "disk " + name + " is at " + r.temperatureCelsius() + " °C (limit " + t.maxTemperatureCelsius()
                            + " °C)"));
        }
        if (r.percentageUsed() != null && r.percentageUsed() > t.maxPercentageUsed()) {
            alarms.put(DiskAlarm.WEAR, new AlarmReading(r.percentageUsed(), t.maxPercentageUsed(),
                    "disk " + name + " has used " + r.percentageUsed() + " % of its rated endurance (limit "
                            + t.maxPercentageUsed() + " %)"));
        }
        boolean critical = r.criticalWarning() != null && r.criticalWarning() != 0;
        if (critical || r.mediaErrors() != null && r.mediaErrors() > t.maxMediaErrors()) {
            alarms.put(DiskAlarm.MEDIA_ERRORS, new AlarmReading(r.mediaErrors() == null ? 0 : r.mediaErrors(),
                    t.maxMediaErrors(), "disk " + name + " reports " + (r.mediaErrors() == null ? 0 : r.mediaErrors())
                            + " media errors (limit " + t.maxMediaErrors() + ")"
                            + (critical ? " and critical warning 0x" + Integer.toHexString(r.criticalWarning()) : "")));
        }
        HealthState state = alarms.containsKey(DiskAlarm.SMART_FAILED) ? HealthState.DOWN
                : alarms.isEmpty() ? HealthState.UP : HealthState.DEGRADED;
        List<String> texts = new ArrayList<>();
        alarms.values().forEach(a -> texts.add(a.text()));
        return new DiskAssessment(Map.copyOf(alarms), state, String.join("; ", texts));
    }
}
