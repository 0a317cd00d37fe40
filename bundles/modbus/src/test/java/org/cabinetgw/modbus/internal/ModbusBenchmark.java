package org.cabinetgw.modbus.internal;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.tcp.client.NettyTcpClientTransport;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;

/**
 * Benchmark, not a test: 100-register block reads per second over one loopback TCP connection against
 * the libmodbus server, for the libmodbus C client (the reference), j2mod 3.x, digitalpetri modbus 2.x and
 * our ModbusLine (on j2mod). Candidates run in turns, twice, so a noisy neighbour hurts all alike.
 *
 * <pre>mvn -o -q -pl bundles/modbus test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.cabinetgw.modbus.internal.ModbusBenchmark [-Dbench.seconds=5]</pre>
 */
public final class ModbusBenchmark {

    interface Client extends AutoCloseable {
        void read() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        run(Double.parseDouble(System.getProperty("bench.seconds", "5")), Integer.getInteger("bench.rounds", 2));
        ReconnectBenchmark.run(5, 20, 60);
        System.exit(0); // netty's shared event loop keeps non-daemon threads
    }

    /** Runs the comparison and prints it; returns the best rates by client name. */
    public static Map<String, Double> run(double seconds, int rounds) throws Exception {
        Path client = LibmodbusServer.compile(LibmodbusServer.moduleDir(), "modbus_client_bench");
        Map<String, double[]> rates = new LinkedHashMap<>();
        try (LibmodbusServer server = LibmodbusServer.start()) {
            int port = server.port();
            System.out.printf(Locale.ROOT, "libmodbus server on 127.0.0.1:%d, %d rounds of %.1f s per candidate, %d cores%n",
                    port, rounds, seconds, Runtime.getRuntime().availableProcessors());
            for (int round = 0; round < rounds; round++) {
                put(rates, "libmodbus 3.1 (C, reference)", round, rounds, libmodbus(client, port, seconds));
                put(rates, "j2mod 3.3.0", round, rounds, measure(j2mod(port), seconds));
                put(rates, "digitalpetri modbus 2.1.0", round, rounds, measure(digitalpetri(port), seconds));
                put(rates, "cabinetgw ModbusLine (j2mod)", round, rounds, measure(ours(port), seconds));
            }
        }
        double reference = best(rates.values().iterator().next());
        System.out.println();
        System.out.printf(Locale.ROOT, "%-32s %14s %14s %12s%n", "client", "reads/s (best)", "registers/s", "vs libmodbus");
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            double r = best(e.getValue());
            System.out.printf(Locale.ROOT, "%-32s %14.0f %14.0f %11.0f%%%n", e.getKey(), r, r * 100, 100 * r / reference);
        }
        System.out.println("goal: each Java candidate >= 50% of libmodbus in the same run");
        Map<String, Double> best = new LinkedHashMap<>();
        rates.forEach((k, v) -> best.put(k, best(v)));
        return best;
    }

    private static void put(Map<String, double[]> rates, String name, int round, int rounds, double rate) {
        rates.computeIfAbsent(name, k -> new double[rounds])[round] = rate;
        System.out.printf(Locale.ROOT, "  round %d %-32s %10.0f reads/s%n", round + 1, name, rate);
    }

    private static double best(double[] values) {
        double b = 0;
        for (double v : values) {
            b = Math.max(b, v);
        }
        return b;
    }

    private static double libmodbus(Path binary, int port, double seconds) throws Exception {
        Process p = new ProcessBuilder(binary.toString(), Integer.toString(port), Double.toString(seconds))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        String[] f = out.split("\\s+"); // reads N seconds S
        return Long.parseLong(f[1]) / Double.parseDouble(f[3]);
    }

    private static double measure(Client client, double seconds) throws Exception {
        try (client) {
            long warm = System.nanoTime() + 1_000_000_000L; // JIT warm-up, not counted
            while (System.nanoTime() < warm) {
                client.read();
            }
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long reads = 0;
            long now = start;
            while (now < end) {
                client.read();
                reads++;
                if ((reads & 63) == 0) {
                    now = System.nanoTime();
                }
            }
            return reads / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static Client j2mod(int port) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, 2000, false, false);
        m.setRetries(1);
        m.connect();
        return new Client() {
            @Override
            public void read() throws Exception {
                if (m.readMultipleRegisters(1, 0, 100).length != 100) {
                    throw new IllegalStateException("short read");
                }
            }

            @Override
            public void close() {
                m.disconnect();
            }
        };
    }

    private static Client digitalpetri(int port) throws Exception {
        NettyTcpClientTransport transport = NettyTcpClientTransport.create(cfg -> {
            cfg.hostname = "127.0.0.1";
            cfg.port = port;
        });
        ModbusTcpClient c = ModbusTcpClient.create(transport, cfg -> cfg.requestTimeout = Duration.ofSeconds(2));
        c.connect();
        ReadHoldingRegistersRequest request = new ReadHoldingRegistersRequest(0, 100);
        return new Client() {
            @Override
            public void read() throws Exception {
                if (c.readHoldingRegisters(1, request).registers().length != 200) {
                    throw new IllegalStateException("short read");
                }
            }

            @Override
            public void close() throws Exception {
                c.disconnect();
            }
        };
    }

    private static Client ours(int port) {
        ModbusMasterComponent master = new ModbusMasterComponent();
        ModbusLine line = master.open(ModbusEndpoint.tcp("127.0.0.1", port).withTimeout(Duration.ofSeconds(2)));
        return new Client() {
            @Override
            public void read() throws Exception {
                if (line.readRegisters(1, Table.HOLDING_REGISTER, 0, 100).length != 100) {
                    throw new IllegalStateException("short read");
                }
            }

            @Override
            public void close() {
                line.close();
                master.deactivate();
            }
        };
    }
}
