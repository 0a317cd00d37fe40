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

    @AttributeDefinition(name = "Poll interval (s)", min = "5", max = "86400", description = "How often to check.")
    int poll_seconds() default 60;

    @AttributeDefinition(name = "Command timeout (s)", min = "1", max = "300",
            description = "stat is killed if it takes longer.")
    int command_timeout_seconds() default 10;

    @AttributeDefinition(name = "Min free space (%)", min = "0", max = "99",
            description = "LOW_SPACE alarm (DEGRADED) below this, as df counts it (100 - Use%); 0 turns it off.")
    int min_free_percent() default 10;

    @AttributeDefinition(name = "Min free inodes (%)", min = "0", max = "99",
            description = "LOW_INODES alarm (DEGRADED) below this; 0 turns it off.")
    int min_free_inodes_percent() default 5;

    @AttributeDefinition(name = "Hysteresis (%)", min = "0", max = "20",
            description = "An alarm clears only this many percentage points above its limit.")
    int hysteresis_percent() default 1;

    @AttributeDefinition(name = "Expect writable", description = "A read-only mount is an alarm (DOWN): the kernel "
            + "remounts a filesystem read-only after errors (errors=remount-ro).")
    boolean expect_writable() default true;
}
