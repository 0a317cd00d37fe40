package org.cabinetgw.ha.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.failover.DrillKind;
import org.cabinetgw.failover.DrillResult;
import org.cabinetgw.failover.FailoverCoordinator;
import org.cabinetgw.ha.HaPair;
import org.cabinetgw.ha.Role;
import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.testing.ConfigurationEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Components that act on shared things, gated by the pair as the integrator configures them (DS 1.5 satisfying
 * condition {@code cabinetgw.active} on their permits): on the STANDBY a Modbus write is refused before it reaches
 * the device (reads go on: monitoring runs on both nodes) and a failover drill is refused; once the node takes over,
 * the write reaches the device and the drill is no longer refused for that reason. With the real ha, modbus and
 * failover bundles and a Modbus TCP device on loopback.
 */
@Timeout(value = 180, unit = java.util.concurrent.TimeUnit.SECONDS)
class ActsOnlyOnTheActiveIT {

    private static final String ACTIVE = "(osgi.condition.id=" + HaPair.ACTIVE_CONDITION + ")";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;
    private PairFixture pair;

    @BeforeEach
    void fixture() {
        pair = new PairFixture(context, cm);
    }
    @InjectService(timeout = 10000)
    FailoverCoordinator coordinator;
    @InjectService(timeout = 10000)
    ModbusMaster master;

    @Test
    void theStandbyNeitherWritesNorDrillsTheNewActiveDoes() throws Exception {
        try (Device device = new Device()) {
            pair.configure("org.cabinetgw.modbus.writes", Map.of("osgi.ds.satisfying.condition.target", ACTIVE));
            pair.configure("org.cabinetgw.failover.drills", Map.of("osgi.ds.satisfying.condition.target", ACTIVE));
            pair.configurePair("STAY_STANDBY");
            PairFixture.await(() -> pair.role() == Role.STANDBY, "STANDBY");
            Thread.sleep(500); // the condition withdrawn, the permits deactivated (asynchronously)
            ModbusLine line = master.open(ModbusEndpoint.tcp("127.0.0.1", device.port()));
            try {
                ModbusException refused = catchThrowableOfType(() -> line.writeCoil(1, 7, true), ModbusException.class);
                assertThat(refused).as("a write from the standby").isNotNull();
                assertThat(refused.kind()).isEqualTo(ModbusException.Kind.NOT_ACTING);
                assertThat(refused.getMessage()).contains("does not act for the cabinet");
                assertThat(line.readBits(1, Table.COIL, 7, 1)).as("reads go on").containsExactly(false);
                assertThat(device.writes).as("nothing written from the standby").isEmpty();
                DrillResult drill = coordinator.drill(DrillKind.UPLINK);
                assertThat(drill.outcome()).isEqualTo(DrillResult.Outcome.REFUSED);
                assertThat(drill.detail()).contains("does not act for the cabinet");

                pair.configurePair("TAKE_OVER");
                PairFixture.await(() -> pair.role() == Role.ACTIVE, "ACTIVE");
                PairFixture.await(() -> {
                    try {
                        line.writeCoil(1, 7, true);
                        return true;
                    } catch (ModbusException e) {
                        return false;
                    }
                }, "the write from the new active");
                assertThat(device.writes).contains("coil 7 on");
                assertThat(line.readBits(1, Table.COIL, 7, 1)).containsExactly(true);
                DrillResult later = coordinator.drill(DrillKind.UPLINK);
                assertThat(later.detail()).doesNotContain("does not act for the cabinet");
            } finally {
                line.close();
            }
        } finally {
            for (String pid : new String[] {"org.cabinetgw.modbus.writes", "org.cabinetgw.failover.drills",
                    "org.cabinetgw.ha"}) {
                cm.getConfiguration(pid, "?").delete();
            }
            ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        }
    }

    /** A Modbus TCP device with coils: answers function 1 (read coils) and 5 (write one coil), records the writes. */
    static final class Device implements AutoCloseable {
        final List<String> writes = new CopyOnWriteArrayList<>();
        private final boolean[] coils = new boolean[64];
        private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "itest-modbus-device");

        Device() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    while (true) {
                        byte[] mbap = new byte[7];
                        in.readFully(mbap);
                        int len = ((mbap[4] & 0xff) << 8) | (mbap[5] & 0xff);
                        byte[] pdu = new byte[len - 1];
                        in.readFully(pdu);
                        int address = ((pdu[1] & 0xff) << 8) | (pdu[2] & 0xff);
                        byte[] answer;
                        if (pdu[0] == 5) {
                            boolean on = (pdu[3] & 0xff) == 0xff;
                            coils[address] = on;
                            writes.add("coil " + address + (on ? " on" : " off"));
                            answer = pdu; // the echo
                        } else {
                            answer = new byte[] {1, 1, (byte) (coils[address] ? 1 : 0)};
                        }
                        byte[] frame = new byte[7 + answer.length];
                        System.arraycopy(mbap, 0, frame, 0, 7);
                        frame[4] = (byte) ((answer.length + 1) >> 8);
                        frame[5] = (byte) (answer.length + 1);
                        System.arraycopy(answer, 0, frame, 7, answer.length);
                        out.write(frame);
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client went away, or closed: accept the next one
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
