package org.cabinetgw.campaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A tiny tmpfs for the uplink's queue, so the campaign can fill its filesystem; needs root (mount). */
final class Tmpfs {

    private Tmpfs() {
    }

    static boolean root() {
        return ProcessHandle.current().info().user().map("root"::equals).orElse(false);
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code dir}; false (nothing mounted) when not root or mount failed. */
    static boolean mount(Path dir, int megabytes) throws InterruptedException {
        if (!root()) {
            return false;
        }
        return run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "campaign-queue", dir.toString());
    }

    static void unmount(Path dir) throws InterruptedException {
        run("umount", "-l", dir.toString());
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
