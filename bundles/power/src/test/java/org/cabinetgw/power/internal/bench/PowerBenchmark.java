package org.cabinetgw.power.internal.bench;

import java.util.Locale;
import java.util.Map;

import org.cabinetgw.modbus.internal.ModbusBenchmark;

/**
 * The benchmark in one command: 100-register block reads per second for libmodbus (C, the
 * reference), j2mod, digitalpetri and our ModbusLine side by side, then the CPU of 100 meters at 1 Hz.
 *
 * <pre>mvn -o -q -pl bundles/power -am install -DskipTests &amp;&amp; mvn -o -q -pl bundles/power test-compile \
 *     org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.cabinetgw.power.internal.bench.PowerBenchmark</pre>
 */
public final class PowerBenchmark {

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "5"));
        int rounds = Integer.getInteger("bench.rounds", 2);
        int meters = Integer.getInteger("bench.meters", 100);
        int cpuSeconds = Integer.getInteger("bench.cpu.seconds", 30);
        System.out.println("== 100-register block reads over one loopback TCP connection ==");
        Map<String, Double> rates = ModbusBenchmark.run(seconds, rounds);
        System.out.println();
        System.out.println("== CPU of " + meters + " meters polled at 1 Hz ==");
        double cpu = MeterCpuBenchmark.run(meters, cpuSeconds);
        double reference = rates.values().iterator().next();
        System.out.println();
        System.out.println("== summary ==");
        rates.forEach((name, r) -> System.out.printf(Locale.ROOT, "%-32s %8.0f reads/s  %4.0f %% of libmodbus%s%n", name, r,
                100 * r / reference, name.startsWith("libmodbus") ? "" : (r >= reference / 2 ? "  (goal met)" : "  (goal missed)")));
        System.out.printf(Locale.ROOT, "%d meters at 1 Hz: %.2f %% of one core  %s%n", meters, cpu,
                cpu < 5 ? "(goal met: under 5 %)" : "(goal missed: 5 %)");
        System.exit(0); // netty's shared event loop keeps non-daemon threads
    }
}
