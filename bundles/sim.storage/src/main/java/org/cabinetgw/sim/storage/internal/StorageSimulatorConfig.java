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

    @AttributeDefinition(name = "Devices", min = "2", max = "8",
            description = "Member slots (raid1 2..8, raid5 3..8).")
    int devices() default 2;

    @AttributeDefinition(name = "Spares", min = "0", max = "4", description = "Hot spares present at start.")
    int spares() default 0;

    @AttributeDefinition(name = "Rebuild speed (%/s)", min = "1", max = "100",
            description = "How fast a recovery progresses; 2 takes 50 s.")
    int rebuild_percent_per_second() default 2;

    @AttributeDefinition(name = "Write interval (ms)", min = "100", max = "60000",
            description = "How often the file is rewritten and a recovery advanced.")
    int tick_millis() default 1000;
}
