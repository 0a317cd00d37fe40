package org.cabinetgw.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = RaidMonitor.PID, name = "Storage: RAID (Linux md) monitor",
        description = "Watches every md array in /proc/mdstat: posts the events mdadm --monitor would raise, "
                + "reports health per array (storage.raid.mdX) and sends telemetry through the uplink.")
@interface RaidMonitorConfig {

    @AttributeDefinition(name = "mdstat file",
            description = "The file to read; /proc/mdstat on a gateway, a fixture or the simulator's file in tests "
                    + "and the demo.")
    String mdstat_path() default "/proc/mdstat";

    @AttributeDefinition(name = "mdadm command", required = false,
            description = "mdadm, run as 'mdadm --detail --export /dev/mdX' when an array appears or changes, to add "
                    + "its UUID, metadata and member roles. Empty, or a path that does not exist, turns this off.")
    String mdadm_path() default "/sbin/mdadm";

    @AttributeDefinition(name = "Poll interval (s)", min = "1", max = "3600",
            description = "How often /proc/mdstat is read. Reading it is cheap; a failure is seen within this time.")
    int poll_seconds() default 5;

    @AttributeDefinition(name = "Rebuild step (%)", min = "1", max = "50",
            description = "A RebuildNN event is posted each time a rebuild crosses a multiple of this (mdadm: 20).")
    int rebuild_step_percent() default 20;

    @AttributeDefinition(name = "Expected spares", required = false, cardinality = 64,
            description = "ARRAY=COUNT entries, e.g. md0=1: a SparesMissing event when an array has fewer spares.")
    String[] expected_spares() default {};

    @AttributeDefinition(name = "Command timeout (s)", min = "1", max = "120",
            description = "mdadm is killed if it takes longer.")
    int command_timeout_seconds() default 10;

    @AttributeDefinition(name = "Telemetry interval (s)", min = "0", max = "86400", type = AttributeType.INTEGER,
            description = "How often each array's state is sent through the uplink; 0 sends only events. "
                    + "Otherwise 10..86400.")
    int telemetry_seconds() default 300;
}
