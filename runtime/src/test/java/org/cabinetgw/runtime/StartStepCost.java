package org.cabinetgw.runtime;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The CPU two launcher steps of a first start cost on their own thread, whatever the machine's load: writing the
 * seed packages ({@link SeedPackages}) and the framework's init with an empty bundle cache. The start timeline
 * stamps wall-clock time, and at a first start three threads share the cores (the launcher's main thread, the
 * console password's hash, the site check), so a step's wall time there says little about what cutting it would
 * save. A harness, not a test; run it with the jar's own classes and the unit's JIT options, e.g.
 * {@code java -Xms16m -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
 * -cp runtime/target/cabinetgw.jar:runtime/target/test-classes org.cabinetgw.runtime.StartStepCost}.
 */
public final class StartStepCost {

    private StartStepCost() {
    }

    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path dir = Files.createTempDirectory("start-step-cost");

        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        if (SeedPackages.install(dir.resolve("seed")) == null) {
            System.out.println("no seed packages on the class path: run it with the production jar");
            return;
        }
        print("seed packages written (first start)", cpu, wall, threads);

        cpu = threads.getCurrentThreadCpuTime();
        wall = System.nanoTime();
        SeedPackages.install(dir.resolve("seed"));
        print("seed packages checked (restart)", cpu, wall, threads);

        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", dir.resolve("cache").toString());
        cpu = threads.getCurrentThreadCpuTime();
        wall = System.nanoTime();
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(props);
        framework.init();
        print("framework initialised, empty bundle cache", cpu, wall, threads);
        framework.stop();
        framework.waitForStop(10_000);
    }

    private static void print(String step, long cpuFrom, long wallFrom, com.sun.management.ThreadMXBean threads) {
        System.out.printf("%-45s CPU %4d ms  wall %5d ms%n", step, (threads.getCurrentThreadCpuTime() - cpuFrom) / 1_000_000,
                (System.nanoTime() - wallFrom) / 1_000_000);
    }
}
