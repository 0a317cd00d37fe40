package org.cabinetgw.sim.power.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusException;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.power.internal.meter.MeterPoller;
import org.cabinetgw.power.internal.preset.Presets;
import org.cabinetgw.power.internal.preset.SunSpecDiscovery;
import org.cabinetgw.testing.AnnotationConfig;
import org.cabinetgw.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator read by the gateway's real master and meter code, over real sockets. */
class SimulatorTest {

    private final SimulatorComponent sim = new SimulatorComponent();
    private Object masterImpl;
    private ModbusMaster master;
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        sim.activate(config(Map.of("mains.port", 0, "generator.port", 0, "ups.port", 0, "noise", false)), null, Map.of());
        String status = sim.sim("status");
        for (String dev : new String[] {"mains", "generator", "ups"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(dev + " [^;]*? on port (\\d+)").matcher(status);
            assertThat(m.find()).as(status).isTrue();
            ports.put(dev, Integer.parseInt(m.group(1)));
        }
        Class<?> c = Class.forName("org.cabinetgw.modbus.internal.ModbusMasterComponent");
        masterImpl = c.getConstructor().newInstance();
        master = (ModbusMaster) masterImpl;
    }

    @AfterEach
    void stop() throws Exception {
        Method d = masterImpl.getClass().getDeclaredMethod("deactivate");
        d.setAccessible(true);
        d.invoke(masterImpl);
        sim.deactivate();
    }

    static SimulatorConfig config(Map<String, Object> overrides) {
        return AnnotationConfig.of(SimulatorConfig.class, overrides);
    }

    /** Generous timeout: the machine may be busy; only the silence test wants a short one. */
    private ModbusLine line(String device) {
        return line(device, 2000);
    }

    private ModbusLine line(String device, int timeoutMs) {
        return master.open(ModbusEndpoint.tcp("127.0.0.1", ports.get(device)).withTimeout(Duration.ofMillis(timeoutMs))
                .withRetries(0));
    }

    @Test
    void theMainsMeterReadsLikeAnSdm630() throws Exception {
        try (ModbusLine line = line("mains")) {
            MeterPoller.Values v = new MeterPoller(Presets.sdm630(), 1).poll(line);
            assertThat(v.numbers().get("voltage.l1")).isEqualTo(230.0);
            assertThat(v.numbers().get("voltage")).isCloseTo(230.3, within(1e-4));
            assertThat(v.numbers().get("frequency")).isEqualTo(50.0);
            assertThat(v.numbers().get("power")).isEqualTo(1200.0);
            // like the real meter: more than 80 registers per request is refused
            assertThatThrownBy(() -> line.readRegisters(1, Table.INPUT_REGISTER, 0, 81))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.exceptionCode()).isEqualTo(3));
            assertThatThrownBy(() -> line.readRegisters(1, Table.HOLDING_REGISTER, 0, 2))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.exceptionCode()).isEqualTo(2));
        }
    }

    @Test
    void theGeneratorIsFoundBySunSpecDiscoveryAndFollowsTheModel() throws Exception {
        try (ModbusLine line = line("generator")) {
            SunSpecDiscovery.Found found = SunSpecDiscovery.discover(line, 1);
            assertThat(found.modelId()).isEqualTo(213);
            assertThat(found.modelAddress()).isEqualTo(40070);
            MeterPoller poller = new MeterPoller(found.map(), 1);
            assertThat(poller.poll(line).numbers().get("voltage")).isZero(); // generator stopped
            sim.sim("generator", "on");
            MeterPoller.Values v = poller.poll(line);
            assertThat(v.numbers().get("voltage")).isEqualTo(231.0);
            assertThat(v.numbers().get("frequency")).isCloseTo(50.1, within(1e-5));
        }
    }

    @Test
    void theUpsFollowsTheScenarioCommands() throws Exception {
        try (ModbusLine line = line("ups")) {
            MeterPoller poller = new MeterPoller(Presets.genericUps(), 1);
            assertThat(poller.poll(line).numbers()).containsEntry("on_battery", 0.0).containsEntry("battery_charge", 100.0);
            assertThat(sim.sim("ups", "battery")).startsWith("ok: ");
            sim.sim("ups", "charge", "25");
            Map<String, Double> v = poller.poll(line).numbers();
            assertThat(v).containsEntry("on_battery", 1.0).containsEntry("battery_charge", 25.0)
                    .containsEntry("runtime_left", 600.0);
            line.writeRegister(1, 0, 0); // writable: force back to line
            assertThat(poller.poll(line).numbers()).containsEntry("on_battery", 0.0);
        }
    }

    @Test
    void aSilentDeviceTimesOutAndAnExceptionDeviceAnswersBusy() throws Exception {
        sim.sim("fault", "mains", "silent");
        try (ModbusLine line = line("mains", 300)) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.INPUT_REGISTER, 0, 2))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.kind()).isEqualTo(ModbusException.Kind.TIMEOUT));
        }
        sim.sim("fault", "mains", "exception");
        try (ModbusLine line = line("mains")) {
            assertThatThrownBy(() -> line.readRegisters(1, Table.INPUT_REGISTER, 0, 2))
                    .isInstanceOfSatisfying(ModbusException.class, e -> assertThat(e.exceptionCode()).isEqualTo(6));
            sim.sim("fault", "mains", "normal");
            assertThat(line.readRegisters(1, Table.INPUT_REGISTER, 0, 2)).hasSize(2);
        }
    }

    @Test
    void theOutageScenarioRunsItsStepsInOrderAndNotBeforeTheirTime() throws Exception {
        long start = System.nanoTime();
        assertThat(sim.sim("scenario", "outage", "0.3", "0.9", "0.2", "0.3")).contains("scenario outage");
        awaitStatus(start, 0, "mains off", "generator off", "UPS on battery");
        awaitStatus(start, 300, "mains off", "generator on");
        awaitStatus(start, 500, "mains off", "generator on", "UPS on line");
        awaitStatus(start, 900, "mains on", "generator on");
        awaitStatus(start, 1200, "mains on", "generator off", "scenario none");
    }

    /** Waits (up to 10 s, the machine may be busy) for a status with all parts, and checks it was not early. */
    private void awaitStatus(long start, long notBeforeMs, String... parts) throws InterruptedException {
        String status = Await.until("a status with " + java.util.Arrays.toString(parts), Duration.ofSeconds(10),
                () -> sim.sim("status"), st -> java.util.Arrays.stream(parts).allMatch(st::contains));
        assertThat((System.nanoTime() - start) / 1_000_000).as(status).isGreaterThanOrEqualTo(notBeforeMs);
    }

    @Test
    void badCommandsAreRefusedWithTheReason() {
        assertThat(sim.sim("mains", "sideways")).isEqualTo("error: expected on or off, not 'sideways'");
        assertThat(sim.sim("voltage", "mains", "abc")).isEqualTo("error: 'abc' is not a number");
        assertThat(sim.sim("voltage", "mains", "5000")).startsWith("error: 5000 is outside");
        assertThat(sim.sim("fault", "feeder", "silent")).startsWith("error: no simulated device 'feeder'");
        assertThat(sim.sim("scenario", "outage", "10", "5"))
                .startsWith("error: outage.seconds must be at least generator.start.seconds + transfer.seconds");
        assertThat(sim.sim("launch")).startsWith("error: unknown command 'launch'");
        assertThat(sim.sim()).contains("scenario outage");
    }

    @Test
    void aSettingOutOfRangeIsRefusedInTheWordsOfEveryBundle() {
        // the check activate reports through ConfigurationRefusal (PowerConfigurationIT sees the entry)
        assertThatThrownBy(() -> SimulatorComponent.check(config(Map.of("mains.port", 0, "generator.port", 0,
                "ups.port", 0, "cooldown.seconds", 3601.0))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cooldown.seconds = 3601.0 is out of range; allowed 0.0..3600.0");
        assertThatThrownBy(() -> SimulatorComponent.check(config(Map.of("mains.port", 70_000))))
                .hasMessage("mains.port = 70000 is out of range; allowed 0..65535");
    }

    @Test
    void theServerSurvivesGarbageAndShortRequests() throws Exception {
        int port = ports.get("mains");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            // a PDU of only the function code: answered with exception 3
            out.write(new byte[] {0, 1, 0, 0, 0, 2, 1, 4});
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[9];
            in.readFully(answer);
            assertThat(answer[7] & 0xFF).isEqualTo(0x84);
            assertThat(answer[8]).isEqualTo((byte) 3);
            // an absurd length: the connection is dropped
            out.write(new byte[] {0, 2, 0, 0, (byte) 0xFF, (byte) 0xFF, 1});
            assertThat(in.read()).isEqualTo(-1);
        }
        try (ModbusLine line = line("mains")) {
            assertThat(line.readRegisters(1, Table.INPUT_REGISTER, 70, 2)).hasSize(2); // still serving
        }
    }

    @Test
    void deactivationStopsEveryThread() throws Exception {
        try (ModbusLine line = line("mains")) {
            line.readRegisters(1, Table.INPUT_REGISTER, 0, 2);
        }
        sim.sim("scenario", "silent", "ups", "60");
        assertThat(threads()).isGreaterThan(0);
        sim.deactivate();
        assertThat(threads()).isZero();
        sim.activate(config(Map.of("mains.port", 0, "generator.port", 0, "ups.port", 0)), null, Map.of()); // for @AfterEach
    }

    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cabinetgw-sim-power") && t.isAlive()).count();
    }
}
