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

    @AttributeDefinition(name = "Poll interval (s)", min = "10", max = "86400",
            description = "How often SMART is read; smartd's default is 1800.")
    int poll_seconds() default 300;

    @AttributeDefinition(name = "Command timeout (s)", min = "1", max = "300",
            description = "smartctl is killed if it takes longer (a dying disk can hang it).")
    int command_timeout_seconds() default 30;

    @AttributeDefinition(name = "Max reallocated sectors", min = "0", max = "1000000",
            description = "Alarm (DEGRADED) when ATA attribute 5 is above this.")
    long max_reallocated_sectors() default 10;

    @AttributeDefinition(name = "Max pending sectors", min = "0", max = "1000000",
            description = "Alarm (DEGRADED) when ATA attribute 197 (unreadable sectors) is above this.")
    long max_pending_sectors() default 0;

    @AttributeDefinition(name = "Max temperature (°C)", min = "20", max = "100",
            description = "Alarm (DEGRADED) when the disk is hotter.")
    int max_temperature_celsius() default 60;

    @AttributeDefinition(name = "Max wear (%)", min = "1", max = "255",
            description = "Alarm (DEGRADED) when NVMe percentage used (or an SSD wear attribute) is above this.")
    int max_percentage_used() default 90;

    @AttributeDefinition(name = "Max media errors", min = "0", max = "1000000",
            description = "Alarm (DEGRADED) when NVMe media errors are above this; a critical warning always alarms.")
    long max_media_errors() default 0;
}
