package org.cabinetgw.modbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.modbus.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RTU on a serial port, end to end through jSerialComm: a pseudo-terminal pair made by socat (Debian
 * package socat), our master on one end, j2mod's own serial slave on the other.
 */
class SerialRtuTest {

    private Process socat;
    private Path dir;
    private ModbusSlave slave;
    private final ModbusMasterComponent master = new ModbusMasterComponent();

    @BeforeEach
    void ptyPair() throws Exception {
        Assumptions.assumeTrue(new File("/usr/bin/socat").canExecute(), "skipped: needs socat (apt-get install -y socat)");
        dir = Files.createTempDirectory("cabinetgw-pty");
        socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + dir.resolve("master"),
                "pty,raw,echo=0,link=" + dir.resolve("slave")).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(dir.resolve("master")) && Files.exists(dir.resolve("slave"))) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Assumptions.assumeTrue(Files.exists(dir.resolve("slave")), "skipped: socat made no pty pair");
        SerialParameters p = new SerialParameters();
        p.setPortName(dir.resolve("slave").toRealPath().toString());
        p.setBaudRate(19200);
        p.setDatabits(8);
        p.setParity("none");
        p.setStopbits(1);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        SimpleProcessImage image = new SimpleProcessImage(7);
        for (int i = 0; i < 20; i++) {
            image.addRegister(new SimpleRegister(1000 + i));
        }
        slave = ModbusSlaveFactory.createSerialSlave(p);
        slave.addProcessImage(7, image);
        slave.open();
    }

    @AfterEach
    void stop() throws Exception {
        master.deactivate();
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
        if (socat != null) {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void readsAndWritesHoldingRegistersOverTheSerialLine() throws Exception {
        ModbusEndpoint ep = new ModbusEndpoint(Transport.RTU_SERIAL, "", 0, dir.resolve("master").toRealPath().toString(),
                19200, 'N', 1, Duration.ofSeconds(1), 1, Duration.ofMillis(5), Duration.ofSeconds(1));
        try (ModbusLine line = master.open(ep)) {
            assertThat(line.readRegisters(7, Table.HOLDING_REGISTER, 2, 3)).containsExactly(1002, 1003, 1004);
            line.writeRegister(7, 5, 4242);
            assertThat(line.readRegisters(7, Table.HOLDING_REGISTER, 5, 1)).containsExactly(4242);
            // another unit on the same bus does not answer: a timeout, and the bus stays usable
            assertThatThrownBy(() -> line.readRegisters(9, Table.HOLDING_REGISTER, 0, 1))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.kind()).isIn(ModbusException.Kind.TIMEOUT,
                            ModbusException.Kind.MALFORMED, ModbusException.Kind.CONNECTION));
            Thread.sleep(200);
            assertThat(line.readRegisters(7, Table.HOLDING_REGISTER, 0, 1)).containsExactly(1000);
        }
    }
}
