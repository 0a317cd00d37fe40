package org.cabinetgw.modbus.internal;

import java.time.Duration;
import java.util.Locale;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;

/**
 * Benchmark, not a test: how long after its server comes back a line answers again. A line polled once a
 * second (a meter's default) with the meter's default 30 s reconnect backoff; the libmodbus server is stopped
 * for a while and started again on the same port; measured from the server listening again to the first
 * answer. Printed by {@link ModbusBenchmark} after the library comparison.
 */
public final class ReconnectBenchmark {

    private ReconnectBenchmark() {
    }

    /** This part alone: {@code -Dexec.mainClass=org.cabinetgw.modbus.internal.ReconnectBenchmark}. */
    public static void main(String[] args) throws Exception {
        run(5, 20, 60);
        System.exit(0);
    }

    static void run(int... outageSeconds) throws Exception {
        System.out.println();
        System.out.println("Reconnect after the server comes back (polled every 1000 ms, backoff at most 30 s):");
        for (int outage : outageSeconds) {
            System.out.printf(Locale.ROOT, "  server away %3d s: answered again %5d ms after it listened%n", outage,
                    measure(outage));
        }
    }

    static long measure(int outageSeconds) throws Exception {
        ModbusMasterComponent master = new ModbusMasterComponent();
        LibmodbusServer first = LibmodbusServer.start();
        int port = first.port();
        ModbusEndpoint endpoint = new ModbusEndpoint(org.cabinetgw.modbus.Transport.TCP, "127.0.0.1", port, "", 0, 'N', 1,
                Duration.ofSeconds(1), 1, Duration.ZERO, Duration.ofSeconds(30));
        try (ModbusLine line = master.open(endpoint)) {
            line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1);
            first.close();
            long back = System.nanoTime() + outageSeconds * 1_000_000_000L;
            while (System.nanoTime() < back) {
                poll(line);
                Thread.sleep(1000);
            }
            try (LibmodbusServer second = LibmodbusServer.startOn(port)) {
                long listening = System.nanoTime();
                while (!poll(line)) {
                    Thread.sleep(1000);
                }
                return (System.nanoTime() - listening) / 1_000_000;
            }
        } finally {
            master.deactivate();
        }
    }

    private static boolean poll(ModbusLine line) {
        try {
            line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1);
            return true;
        } catch (ModbusException e) {
            return false;
        }
    }
}
