package org.cabinetgw.sim.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = StorageSimulator.PID, name = "Simulator: RAID array",
        description = "A simulated md array written as /proc/mdstat to a file; point the RAID monitor's mdstat.path "
                + "at it. Control it with the Gogo command storage:sim (status, fail, remove, add, replace, heal).")
@interface StorageSimulatorConfig {

    @AttributeDefinition(name = "mdstat file", description = "Where the snapshots are written (atomically).")
    String mdstat_path() default "/tmp/cabinetgw-sim/mdstat";

    @AttributeDefinition(name = "Array name", description = "md device name, e.g. md0.")
    String array() default "md0";

    @AttributeDefinition(name = "Level", options = {
            @org.osgi.service.metatype.annotations.Option(label = "RAID 1", value = "raid1"),
            @org.osgi.service.metatype.annotations.Option(label = "RAID 5", value = "raid5") },
            description = "raid1 or raid5.")
    String level() default "raid1";

    /** The range of devices, for the Metatype and the settings check (CHANGES.md rule 3). */
    int DEVICES_MIN = 2, DEVICES_MAX = 8;

    @AttributeDefinition(name = "Devices", min = "" + DEVICES_MIN, max = "" + DEVICES_MAX,
            description = "Member slots (raid1 2..8, raid5 3..8).")
    int devices() default 2;

    /** The range of spares, for the Metatype and the settings check (CHANGES.md rule 3). */
    int SPARES_MIN = 0, SPARES_MAX = 4;

    @AttributeDefinition(name = "Spares",
            min = "" + SPARES_MIN, max = "" + SPARES_MAX, description = "Hot spares present at start.")
    int spares() default 0;

    /** The range of rebuild.percent.per.second, for the Metatype and the settings check (CHANGES.md rule 3). */
    int REBUILD_PERCENT_PER_SECOND_MIN = 1, REBUILD_PERCENT_PER_SECOND_MAX = 100;

    @AttributeDefinition(name = "Rebuild speed (%/s)",
            min = "" + REBUILD_PERCENT_PER_SECOND_MIN, max = "" + REBUILD_PERCENT_PER_SECOND_MAX,
            description = "How fast a recovery progresses; 2 takes 50 s.")
    int rebuild_percent_per_second() default 2;

    /** The range of tick.millis, for the Metatype and the settings check (CHANGES.md rule 3). */
    int TICK_MILLIS_MIN = 100, TICK_MILLIS_MAX = 60_000;

    @AttributeDefinition(name = "Write interval (ms)", min = "" + TICK_MILLIS_MIN, max = "" + TICK_MILLIS_MAX,
            description = "How often the file is rewritten and a recovery advanced.")
    int tick_millis() default 1000;
}
