package org.cabinetgw.power.internal.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.cabinetgw.power.MeterReading;
import org.cabinetgw.power.MeterRole;
import org.cabinetgw.modbus.internal.LibmodbusServer;
import org.cabinetgw.power.internal.meter.MeterPoller;
import org.cabinetgw.power.internal.preset.Presets;
import org.cabinetgw.power.internal.state.PowerStateMachine;
import org.cabinetgw.power.internal.state.Thresholds;

/**
 * Benchmark, not a test: the CPU the gateway spends on 100 SDM630 meters polled at 1 Hz, each on its own
 * TCP connection and thread as the meter component does it, plus the power-state evaluation every 200 ms.
 * The meters are served by the libmodbus server in another process, so the JVM's CPU time is the
 * gateway's alone.
 *
 * <pre>mvn -o -q -pl bundles/power test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.cabinetgw.power.internal.bench.MeterCpuBenchmark [-Dbench.meters=100 -Dbench.seconds=30]</pre>
 */
public final class MeterCpuBenchmark {

    public static void main(String[] args) throws Exception {
        run(Integer.getInteger("bench.meters", 100), Integer.getInteger("bench.seconds", 30));
        System.exit(0);
    }

    /** Runs the measurement and prints it; returns the JVM's CPU in percent of one core. */
    public static double run(int meters, int seconds) throws Exception {
        double percent;
        // plausible SDM630 values: 230 V, 50 Hz in the preset's float registers
        List<String> specs = List.of("i:0:float32:ABCD:230.1", "i:2:float32:ABCD:229.8", "i:4:float32:ABCD:230.4",
                "i:42:float32:ABCD:230.1", "i:52:float32:ABCD:1200", "i:70:float32:ABCD:50.01");
        // one master per meter: each meter gets a connection of its own, as 100 meters behind 100 addresses would
        Class<?> masterClass = Class.forName("org.cabinetgw.modbus.internal.ModbusMasterComponent");
        List<Object> masters = new ArrayList<>();
        AtomicLong polls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<ScheduledExecutorService> threads = new ArrayList<>();
        List<ModbusLine> lines = new ArrayList<>();
        List<MeterReading[]> readings = new ArrayList<>();
        try (LibmodbusServer server = LibmodbusServer.start(specs.toArray(String[]::new))) {
            for (int i = 0; i < meters; i++) {
                Object masterImpl = masterClass.getConstructor().newInstance();
                masters.add(masterImpl);
                ModbusLine line = ((ModbusMaster) masterImpl).open(new ModbusEndpoint(org.cabinetgw.modbus.Transport.TCP,
                        "127.0.0.1", server.port(), "", 0, 'N', 1, Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(5)));
                lines.add(line);
                MeterPoller poller = new MeterPoller(Presets.sdm630(), 1);
                MeterReading[] last = {new MeterReading("m" + i, MeterRole.MAINS, Instant.now(), Map.of(), true, "")};
                readings.add(last);
                ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
                threads.add(ex);
                ModbusLine l = line;
                String name = "m" + i;
                ex.scheduleAtFixedRate(() -> {
                    try {
                        last[0] = new MeterReading(name, MeterRole.MAINS, Instant.now(), poller.poll(l).numbers(), false, "");
                        polls.incrementAndGet();
                    } catch (ModbusException e) {
                        failures.incrementAndGet();
                    }
                }, i * 1000L / meters, 1000, TimeUnit.MILLISECONDS); // spread over the second like real start times
            }
            PowerStateMachine machine = new PowerStateMachine(Thresholds.defaults(), Instant.now());
            ScheduledExecutorService state = Executors.newSingleThreadScheduledExecutor();
            threads.add(state);
            state.scheduleAtFixedRate(() -> {
                MeterReading r = readings.get(0)[0];
                for (MeterReading[] m : readings) {
                    m[0].fresh(MeterReading.VOLTAGE); // what the state component reads of every meter
                }
                machine.update(new PowerStateMachine.SourceInput(true, r.fresh(MeterReading.VOLTAGE), r.fresh(MeterReading.FREQUENCY),
                        r.timestamp()),
                        PowerStateMachine.SourceInput.none(),
                        PowerStateMachine.UpsInput.none(),
                        Instant.now());
            }, 0, 200, TimeUnit.MILLISECONDS);

            Thread.sleep(10_000); // connect, JIT warm-up
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long p0 = polls.get();
            Thread.sleep(seconds * 1000L);
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - t0;
            long done = polls.get() - p0;
            percent = 100.0 * cpu / wall;
            System.out.printf(Locale.ROOT, "%d meters (SDM630 preset, 76 registers in one request), 1 Hz, %d s measured%n",
                    meters, seconds);
            System.out.printf(Locale.ROOT, "polls %d (%.1f/s), failures %d%n", done, done * 1e9 / wall, failures.get());
            System.out.printf(Locale.ROOT, "JVM CPU %.2f %% of one core (goal: under 5 %%), %.0f us per poll%n", percent,
                    done == 0 ? 0 : cpu / 1000.0 / done);
        } finally {
            threads.forEach(ScheduledExecutorService::shutdownNow);
            Method d = masterClass.getDeclaredMethod("deactivate");
            d.setAccessible(true);
            for (Object m : masters) {
                d.invoke(m);
            }
        }
        return percent;
    }
}
