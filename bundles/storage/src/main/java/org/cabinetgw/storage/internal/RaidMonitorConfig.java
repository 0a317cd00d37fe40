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

    /** The range of poll.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int POLL_SECONDS_MIN = 1, POLL_SECONDS_MAX = 3600;

    @AttributeDefinition(name = "Poll interval (s)", min = "" + POLL_SECONDS_MIN, max = "" + POLL_SECONDS_MAX,
            description = "How often /proc/mdstat is read. Reading it is cheap; a failure is seen within this time.")
    int poll_seconds() default 5;

    /** The range of rebuild.step.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    int REBUILD_STEP_PERCENT_MIN = 1, REBUILD_STEP_PERCENT_MAX = 50;

    @AttributeDefinition(name = "Rebuild step (%)",
            min = "" + REBUILD_STEP_PERCENT_MIN, max = "" + REBUILD_STEP_PERCENT_MAX,
            description = "A RebuildNN event is posted each time a rebuild crosses a multiple of this (mdadm: 20).")
    int rebuild_step_percent() default 20;

    @AttributeDefinition(name = "Expected spares", required = false, cardinality = 64,
            description = "ARRAY=COUNT entries, e.g. md0=1: a SparesMissing event when an array has fewer spares.")
    String[] expected_spares() default {};

    /** The range of command.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int COMMAND_TIMEOUT_SECONDS_MIN = 1, COMMAND_TIMEOUT_SECONDS_MAX = 120;

    @AttributeDefinition(name = "Command timeout (s)",
            min = "" + COMMAND_TIMEOUT_SECONDS_MIN, max = "" + COMMAND_TIMEOUT_SECONDS_MAX,
            description = "mdadm is killed if it takes longer.")
    int command_timeout_seconds() default 10;

    /** The range of telemetry.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int TELEMETRY_SECONDS_MIN = 0, TELEMETRY_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Telemetry interval (s)",
            min = "" + TELEMETRY_SECONDS_MIN, max = "" + TELEMETRY_SECONDS_MAX, type = AttributeType.INTEGER,
            description = "How often each array's state is sent through the uplink; 0 sends only events. "
                    + "Otherwise 10..86400.")
    int telemetry_seconds() default 300;
}
