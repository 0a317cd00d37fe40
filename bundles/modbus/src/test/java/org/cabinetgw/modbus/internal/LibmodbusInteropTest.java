package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.modbus.Transport;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our master against a server we did not write: libmodbus (Debian's libmodbus-dev), built by gcc here. */
class LibmodbusInteropTest {

    private final ModbusMasterComponent master = new ModbusMasterComponent();

    @BeforeAll
    static void needsLibmodbus() {
        Assumptions.assumeTrue(LibmodbusServer.available(),
                "skipped: needs gcc and libmodbus-dev (apt-get install -y gcc libmodbus-dev pkg-config)");
    }

    @AfterEach
    void stop() {
        master.deactivate();
    }

    private ModbusLine line(int port) {
        return master.open(new ModbusEndpoint(Transport.TCP, "127.0.0.1", port, "", 0, 'N', 1,
                Duration.ofMillis(2000), 1, Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void readsEveryTable() throws Exception {
        try (LibmodbusServer server = LibmodbusServer.start("c:3:bool:ABCD:1", "d:7:bool:ABCD:1");
                ModbusLine line = line(server.port())) {
            // the server fills holding register k with k and input register k with 10000 - k
            int[] holding = line.readRegisters(1, Table.HOLDING_REGISTER, 100, 125);
            assertThat(holding[0]).isEqualTo(100);
            assertThat(holding[124]).isEqualTo(224);
            assertThat(line.readRegisters(9, Table.INPUT_REGISTER, 10, 2)).containsExactly(9990, 9989);
            assertThat(line.readBits(1, Table.COIL, 0, 5)).containsExactly(false, false, false, true, false);
            assertThat(line.readBits(1, Table.DISCRETE_INPUT, 6, 3)).containsExactly(false, true, false);
            assertThat(line.statistics().requests()).isEqualTo(4);
        }
    }

    @Test
    void writesWithFunctionsFiveSixFifteenAndSixteen() throws Exception {
        try (LibmodbusServer server = LibmodbusServer.start(); ModbusLine line = line(server.port())) {
            line.writeCoil(1, 20, true);
            line.writeCoils(1, 30, new boolean[] {true, false, true, true});
            line.writeRegister(1, 500, 0xBEEF);
            line.writeRegisters(1, 600, new int[] {1, 65535, 32768});
            assertThat(line.readBits(1, Table.COIL, 20, 1)).containsExactly(true);
            assertThat(line.readBits(1, Table.COIL, 30, 4)).containsExactly(true, false, true, true);
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 500, 1)).containsExactly(0xBEEF);
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 600, 3)).containsExactly(1, 65535, 32768);
        }
    }

    @Test
    void anIllegalAddressIsAnExceptionResponseAndTheLineStaysUsable() throws Exception {
        try (LibmodbusServer server = LibmodbusServer.start(); ModbusLine line = line(server.port())) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 65530, 6))
                    .isInstanceOfSatisfying(ModbusException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ModbusException.Kind.EXCEPTION_RESPONSE);
                        assertThat(e.exceptionCode()).isEqualTo(ModbusException.ILLEGAL_DATA_ADDRESS);
                        assertThat(e.getMessage()).contains("illegal data address");
                    });
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 5, 1)).containsExactly(5);
            assertThat(line.statistics().failures()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionIsReportedAndRetriedOnlyAfterTheBackoff() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nobody listens there now
        }
        try (ModbusLine line = line(port)) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1))
                    .isInstanceOfSatisfying(ModbusException.class,
                            e -> assertThat(e.kind()).isEqualTo(ModbusException.Kind.CONNECTION));
            // within the backoff the line does not even try
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 1))
                    .hasMessageContaining("is not connected; it is tried again with growing pauses");
            assertThat(line.statistics().reconnects()).isZero();
        }
    }

    @Test
    void theLineRecoversWhenTheServerComesBack() throws Exception {
        LibmodbusServer first = LibmodbusServer.start();
        int port = first.port();
        try (ModbusLine line = line(port)) {
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 1, 1)).containsExactly(1);
            first.close();
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 1, 1))
                    .isInstanceOf(ModbusException.class);
            // libmodbus can listen on the same port again (it sets SO_REUSEADDR)
            try (LibmodbusServer second = LibmodbusServer.startOn(port)) {
                int[] value = Await.nonNull("a read from the server started again", Duration.ofSeconds(5),
                        () -> line.readRegisters(1, Table.HOLDING_REGISTER, 2, 1));
                assertThat(value).containsExactly(2);
                assertThat(line.statistics().reconnects()).isEqualTo(2);
            }
        }
    }

    @Test
    void aServerBackAfterALongOutageIsTalkedToWithinTwoSeconds() throws Exception {
        LibmodbusServer first = LibmodbusServer.start();
        int port = first.port();
        // the meter's default: reconnects back off up to 30 s
        try (ModbusLine line = master.open(new ModbusEndpoint(Transport.TCP, "127.0.0.1", port, "", 0, 'N', 1,
                Duration.ofMillis(2000), 1, Duration.ZERO, Duration.ofSeconds(30)))) {
            assertThat(line.readRegisters(1, Table.HOLDING_REGISTER, 1, 1)).containsExactly(1);
            first.close();
            // polled every 100 ms through a 14 s outage: a backoff doubling to 12.8 s would wait until ~25 s
            long back = System.nanoTime() + 14_000_000_000L;
            while (System.nanoTime() < back) {
                try {
                    line.readRegisters(1, Table.HOLDING_REGISTER, 1, 1);
                } catch (ModbusException e) {
                    // down, as it should be
                }
                Thread.sleep(100);
            }
            try (LibmodbusServer second = LibmodbusServer.startOn(port)) {
                long started = System.nanoTime();
                long reconnectedAfter = -1;
                while (reconnectedAfter < 0 && System.nanoTime() - started < 30_000_000_000L) {
                    try {
                        line.readRegisters(1, Table.HOLDING_REGISTER, 2, 1);
                        reconnectedAfter = (System.nanoTime() - started) / 1_000_000;
                    } catch (ModbusException e) {
                        Thread.sleep(100);
                    }
                }
                assertThat(reconnectedAfter).as("ms from the server listening again to an answer").isBetween(0L, 2_000L);
            }
        }
    }

    @Test
    void aLineThatWasRefusedAtFirstConnectsOnceTheServerListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ModbusLine line = line(port)) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 3, 1)).isInstanceOf(ModbusException.class);
            try (LibmodbusServer server = LibmodbusServer.startOn(port)) {
                int[] value = Await.nonNull("a read from the server that came late", Duration.ofSeconds(5),
                        () -> line.readRegisters(1, Table.HOLDING_REGISTER, 3, 1));
                assertThat(value).containsExactly(3);
            }
        }
    }
}
