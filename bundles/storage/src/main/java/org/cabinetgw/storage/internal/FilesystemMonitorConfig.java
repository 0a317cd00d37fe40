package org.cabinetgw.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = FilesystemMonitor.PID, name = "Storage: filesystem",
        description = "One mount point: free space and inodes, and whether it is (still) mounted read-write. "
                + "Health component storage.fs.NAME.")
@interface FilesystemMonitorConfig {

    @AttributeDefinition(name = "Name", description = "Short name; the health component is storage.fs.NAME. "
            + "1-32 characters a-z 0-9 . _ -")
    String name() default "root";

    @AttributeDefinition(name = "Mount point", description = "The mount point to watch, e.g. / or /var/lib/cabinetgw.")
    String mount_point() default "/";

    @AttributeDefinition(name = "Mount table", description = "Where the kernel lists mounts: /proc/mounts "
            + "(a fixture in tests).")
    String mounts_path() default "/proc/mounts";

    @AttributeDefinition(name = "stat command", description = "GNU stat, run as 'stat -f -c FORMAT MOUNTPOINT' "
            + "for space and inodes (in a process, so a hung filesystem cannot block the gateway).")
    String stat_path() default "/usr/bin/stat";

    /** The range of poll.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int POLL_SECONDS_MIN = 5, POLL_SECONDS_MAX = 86_400;

    @AttributeDefinition(name = "Poll interval (s)",
            min = "" + POLL_SECONDS_MIN, max = "" + POLL_SECONDS_MAX, description = "How often to check.")
    int poll_seconds() default 60;

    /** The range of command.timeout.seconds, for the Metatype and the settings check (CHANGES.md rule 3). */
    int COMMAND_TIMEOUT_SECONDS_MIN = 1, COMMAND_TIMEOUT_SECONDS_MAX = 300;

    @AttributeDefinition(name = "Command timeout (s)",
            min = "" + COMMAND_TIMEOUT_SECONDS_MIN, max = "" + COMMAND_TIMEOUT_SECONDS_MAX,
            description = "stat is killed if it takes longer.")
    int command_timeout_seconds() default 10;

    /** The range of min.free.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MIN_FREE_PERCENT_MIN = 0, MIN_FREE_PERCENT_MAX = 99;

    @AttributeDefinition(name = "Min free space (%)", min = "" + MIN_FREE_PERCENT_MIN, max = "" + MIN_FREE_PERCENT_MAX,
            description = "LOW_SPACE alarm (DEGRADED) below this, as df counts it (100 - Use%); 0 turns it off.")
    int min_free_percent() default 10;

    /** The range of min.free.inodes.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    int MIN_FREE_INODES_PERCENT_MIN = 0, MIN_FREE_INODES_PERCENT_MAX = 99;

    @AttributeDefinition(name = "Min free inodes (%)",
            min = "" + MIN_FREE_INODES_PERCENT_MIN, max = "" + MIN_FREE_INODES_PERCENT_MAX,
            description = "LOW_INODES alarm (DEGRADED) below this; 0 turns it off.")
    int min_free_inodes_percent() default 5;

    /** The range of hysteresis.percent, for the Metatype and the settings check (CHANGES.md rule 3). */
    int HYSTERESIS_PERCENT_MIN = 0, HYSTERESIS_PERCENT_MAX = 20;

    @AttributeDefinition(name = "Hysteresis (%)", min = "" + HYSTERESIS_PERCENT_MIN, max = "" + HYSTERESIS_PERCENT_MAX,
            description = "An alarm clears only this many percentage points above its limit.")
    int hysteresis_percent() default 1;

    @AttributeDefinition(name = "Expect writable", description = "A read-only mount is an alarm (DOWN): the kernel "
            + "remounts a filesystem read-only after errors (errors=remount-ro).")
    boolean expect_writable() default true;
}
