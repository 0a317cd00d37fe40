package org.cabinetgw.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = DiskMonitor.PID, name = "Storage: disk (SMART)",
        description = "One disk watched with smartctl -j -H -A: overall health, reallocated and pending sectors, "
                + "temperature, wear. Health component storage.disk.NAME.")
@interface DiskMonitorConfig {

    @AttributeDefinition(name = "Name", description = "Short name; the health component is storage.disk.NAME. "
            + "1-32 characters a-z 0-9 . _ -")
    String name() default "disk0";

    @AttributeDefinition(name = "Device", description = "The disk's device, e.g. /dev/sda or /dev/nvme0; a stable "
            + "/dev/disk/by-id/ path survives re-enumeration.")
    String device() default "/dev/sda";

    @AttributeDefinition(name = "Device type", required = false,
            description = "smartctl -d type (sat, nvme, scsi, megaraid,N ...); empty lets smartctl choose.")
    String device_type() default "";

    @AttributeDefinition(name = "smartctl command", description = "Path of smartctl (smartmontools 7 or later).")
    String smartctl_path() default "/usr/sbin/smartctl";

    /** The range of poll.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int POLL_SECONDS_MIN = 10, POLL_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Poll interval (s)", min = "" + POLL_SECONDS_MIN, max = "" + POLL_SECONDS_MAX,
            description = "How often SMART is read; smartd's default is 1800.")
    int poll_seconds() default 300;

    /** The range of command.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int COMMAND_TIMEOUT_SECONDS_MIN = 1, COMMAND_TIMEOUT_SECONDS_MAX = 300;

    @AttributeDefinition(name = "Command timeout (s)",
            min = "" + COMMAND_TIMEOUT_SECONDS_MIN, max = "" + COMMAND_TIMEOUT_SECONDS_MAX,
            description = "smartctl is killed if it takes longer (a dying disk can hang it).")
    int command_timeout_seconds() default 30;

    /** The range of max.reallocated.sectors, for the Metatype and the settings check (CHANGES.md rule 3). */
    long MAX_REALLOCATED_SECTORS_MIN = 0, MAX_REALLOCATED_SECTORS_MAX = 1000000;

    @AttributeDefinition(name = "Max reallocated sectors",
            min = "" + MAX_REALLOCATED_SECTORS_MIN, max = "" + MAX_REALLOCATED_SECTORS_MAX,
            description = "Alarm (DEGRADED) when ATA attribute 5 is above this.")
    long max_reallocated_sectors() default 10;

    /** The range of max.pending.sectors, for the Metatype and the settings check (CHANGES.md rule 3). */
    long MAX_PENDING_SECTORS_MIN = 0, MAX_PENDING_SECTORS_MAX = 1000000;

    @AttributeDefinition(name = "Max pending sectors",
            min = "" + MAX_PENDING_SECTORS_MIN, max = "" + MAX_PENDING_SECTORS_MAX,
            description = "Alarm (DEGRADED) when ATA attribute 197 (unreadable sectors) is above this.")
    long max_pending_sectors() default 0;

    /** The range of max.temperature.celsius, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAX_TEMPERATURE_CELSIUS_MIN = 20, MAX_TEMPERATURE_CELSIUS_MAX = 100;

    @AttributeDefinition(name = "Max temperature (°C)",
            min = "" + MAX_TEMPERATURE_CELSIUS_MIN, max = "" + MAX_TEMPERATURE_CELSIUS_MAX,
            description = "Alarm (DEGRADED) when the disk is hotter.")
    int max_temperature_celsius() default 60;

    /** The range of max.percentage.used, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MAX_PERCENTAGE_USED_MIN = 1, MAX_PERCENTAGE_USED_MAX = 255;

    @AttributeDefinition(name = "Max wear (%)", min = "" + MAX_PERCENTAGE_USED_MIN, max = "" + MAX_PERCENTAGE_USED_MAX,
            description = "Alarm (DEGRADED) when NVMe percentage used (or an SSD wear attribute) is above this.")
    int max_percentage_used() default 90;

    /** The range of max.media.errors, for the Metatype and the settings check (CHANGES.md rule 3). */
    long MAX_MEDIA_ERRORS_MIN = 0, MAX_MEDIA_ERRORS_MAX = 1000000;

    @AttributeDefinition(name = "Max media errors", min = "" + MAX_MEDIA_ERRORS_MIN, max = "" + MAX_MEDIA_ERRORS_MAX,
            description = "Alarm (DEGRADED) when NVMe media errors are above this; a critical warning always alarms.")
    long max_media_errors() default 0;
}
