package org.cabinetgw.power.internal.meter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cabinetgw.modbus.ModbusEndpoint;
import org.cabinetgw.modbus.ModbusLine;
import org.cabinetgw.modbus.ModbusMaster;
import org.cabinetgw.modbus.Table;
import org.cabinetgw.power.internal.map.DataType;
import org.cabinetgw.power.internal.map.Point;
import org.cabinetgw.power.internal.map.RegisterMap;
import org.cabinetgw.power.internal.map.WordOrder;
import org.cabinetgw.power.internal.preset.SunSpecDiscovery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every data type and word order, and SunSpec discovery, against a server we did not write: libmodbus.
 * float32 placements are checked with libmodbus's own modbus_get_float_* decoders (see modbus_server.c).
 */
class LibmodbusMeterTest {

    private ModbusMaster master;
    private Object masterImpl;

    @BeforeAll
    static void needsLibmodbus() {
        Assumptions.assumeTrue(org.cabinetgw.modbus.internal.LibmodbusServer.available(),
                "skipped: needs gcc and libmodbus-dev (apt-get install -y gcc libmodbus-dev pkg-config)");
    }

    /** The real master component of the modbus bundle (test dependency), created as DS would. */
    private ModbusLine line(int port) throws Exception {
        Class<?> c = Class.forName("org.cabinetgw.modbus.internal.ModbusMasterComponent");
        masterImpl = c.getConstructor().newInstance();
        master = (ModbusMaster) masterImpl;
        return master.open(ModbusEndpoint.tcp("127.0.0.1", port).withTimeout(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() throws Exception {
        if (masterImpl != null) {
            Method d = masterImpl.getClass().getDeclaredMethod("deactivate");
            d.setAccessible(true);
            d.invoke(masterImpl);
        }
    }

    @Test
    void everyTypeAndWordOrderReadsTheValueTheServerHolds() throws Exception {
        record Case(String name, DataType type, WordOrder order, String value) {
        }
        List<Case> cases = new ArrayList<>();
        for (WordOrder o : WordOrder.values()) {
            cases.add(new Case("f32", DataType.FLOAT32, o, "-1234.5625"));
            cases.add(new Case("i32", DataType.INT32, o, "-123456789"));
            cases.add(new Case("u32", DataType.UINT32, o, "4000000000"));
            cases.add(new Case("i64", DataType.INT64, o, "-1234567890123"));
            cases.add(new Case("f64", DataType.FLOAT64, o, "2.718281828459045"));
        }
        cases.add(new Case("i16", DataType.INT16, WordOrder.ABCD, "-3"));
        cases.add(new Case("u16", DataType.UINT16, WordOrder.ABCD, "65000"));
        List<String> specs = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        int address = 100;
        for (Case c : cases) {
            String name = c.name() + "_" + c.order().name().toLowerCase(Locale.ROOT);
            specs.add("h:" + address + ":" + c.type().name().toLowerCase(Locale.ROOT) + ":" + c.order() + ":" + c.value());
            points.add(new Point(name, Table.HOLDING_REGISTER, address, c.type(), c.order(), 1, 0, "", 0, ""));
            address += c.type().registers();
        }
        specs.add("i:7:string:ABCD:SDM630-MID");
        points.add(new Point("model", Table.INPUT_REGISTER, 7, DataType.STRING, WordOrder.ABCD, 1, 0, "", 5, ""));
        specs.add("i:20:string:BADC:Fronius");
        points.add(new Point("maker", Table.INPUT_REGISTER, 20, DataType.STRING, WordOrder.BADC, 1, 0, "", 4, ""));
        specs.add("c:5:bool:ABCD:1");
        points.add(Point.of("relay", Table.COIL, 5, DataType.BOOL));
        points.add(Point.of("relay_next", Table.COIL, 6, DataType.BOOL));
        specs.add("d:9:bool:ABCD:1");
        points.add(Point.of("door", Table.DISCRETE_INPUT, 9, DataType.BOOL));
        specs.add("h:300:uint16:ABCD:2301");
        points.add(new Point("scaled", Table.HOLDING_REGISTER, 300, DataType.UINT16, WordOrder.ABCD, 0.1, -30, "V", 0, ""));

        try (org.cabinetgw.modbus.internal.LibmodbusServer server = org.cabinetgw.modbus.internal.LibmodbusServer.start(specs.toArray(String[]::new)); ModbusLine line = line(server.port())) {
            MeterPoller poller = new MeterPoller(new RegisterMap("interop", points, 125, 0), 1);
            MeterPoller.Values v = poller.poll(line);
            for (Case c : cases) {
                String name = c.name() + "_" + c.order().name().toLowerCase(Locale.ROOT);
                assertThat(v.numbers().get(name)).as(name).isCloseTo(Double.parseDouble(c.value()), within(1e-9));
            }
            assertThat(v.texts()).containsEntry("model", "SDM630-MID").containsEntry("maker", "Fronius");
            assertThat(v.numbers()).containsEntry("relay", 1.0).containsEntry("relay_next", 0.0).containsEntry("door", 1.0);
            assertThat(v.numbers().get("scaled")).isCloseTo(200.1, within(1e-9));
            // one request per planned block: holding 100-157 and 300, input 7-11 and 20-23, coils, discrete inputs
            assertThat(poller.blocks()).hasSize(6);
            assertThat(line.statistics().requests()).isEqualTo(6);
        }
    }

    @Test
    void exactValuesOfEveryTypeAndWordOrderAsTheServerHoldsThem() throws Exception {
        // value placed by the server -> the exact value's text (what telemetry carries)
        record Case(DataType type, String placed, String expected) {
        }
        List<Case> cases = List.of(new Case(DataType.INT16, "-32768", "-32768"), new Case(DataType.UINT16, "65535", "65535"),
                new Case(DataType.INT32, "-123456", "-123456"), new Case(DataType.UINT32, "4000000000", "4000000000"),
                new Case(DataType.INT64, "9007199254740993", "9007199254740993"), // 2^53+1: a double cannot hold it
                new Case(DataType.INT64, "-9223372036854775808", "-9223372036854775808"),
                new Case(DataType.UINT64, "18446744073709551615", "18446744073709551615"),
                new Case(DataType.UINT64, "9223372036854775808", "9223372036854775808"),
                new Case(DataType.FLOAT32, "49.98", "49.98"), new Case(DataType.FLOAT32, "0.1", "0.1"),
                new Case(DataType.FLOAT32, "1.0E-45", "1E-45"), new Case(DataType.FLOAT32, "3.4028235E38", "3.4028235E+38"),
                new Case(DataType.FLOAT64, "0.30000000000000004", "0.30000000000000004"));
        List<String> specs = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int address = 1000;
        for (WordOrder o : WordOrder.values()) {
            int k = 0;
            for (Case c : cases) {
                String type = c.type().name().toLowerCase(Locale.ROOT);
                specs.add("h:" + address + ":" + type + ":" + o + ":" + c.placed());
                points.add(new Point(type + "_" + k++ + "_" + o, Table.HOLDING_REGISTER, address, c.type(), o, 1, 0, "", 0, ""));
                expected.add(c.expected());
                address += c.type().registers();
            }
        }
        specs.add("c:3:bool:ABCD:1");
        points.add(Point.of("breaker", Table.COIL, 3, DataType.BOOL));
        points.add(Point.of("alarm", Table.COIL, 4, DataType.BOOL));
        try (org.cabinetgw.modbus.internal.LibmodbusServer server = org.cabinetgw.modbus.internal.LibmodbusServer.start(specs.toArray(String[]::new)); ModbusLine line = line(server.port())) {
            MeterPoller.Values v = new MeterPoller(new RegisterMap("exact", points, 125, 0), 1).poll(line);
            for (int i = 0; i < expected.size(); i++) {
                String name = points.get(i).name();
                assertThat(v.exact().get(name)).as(name).hasToString(expected.get(i));
            }
            assertThat(v.exact().get("int64_4_ABCD")).isEqualTo(9_007_199_254_740_993L);
            assertThat(v.exact().get("uint64_6_DCBA")).isInstanceOf(java.math.BigInteger.class);
            assertThat(v.exact()).containsEntry("breaker", true).containsEntry("alarm", false);
            assertThat(v.numbers()).containsEntry("breaker", 1.0).containsEntry("alarm", 0.0);
            assertThat(v.numbers().get("float32_8_CDAB")).isEqualTo(49.98); // the double view of the decimal, not 49.97999954223633
        }
    }

    @Test
    void sunSpecDiscoveryFindsAFloatMeterAfterTheCommonModel() throws Exception {
        int base = 40000;
        int meter = base + 2 + 2 + 66; // marker, common model header + 66
        List<String> specs = new ArrayList<>(List.of(
                "h:40000:uint16:ABCD:21365", "h:40001:uint16:ABCD:28243", // 'SunS'
                "h:40002:uint16:ABCD:1", "h:40003:uint16:ABCD:66", // common model
                "h:40004:string:ABCD:CabinetTest",
                "h:" + meter + ":uint16:ABCD:213", "h:" + (meter + 1) + ":uint16:ABCD:124",
                "h:" + (meter + 10) + ":float32:ABCD:229.5", // PhV
                "h:" + (meter + 26) + ":float32:ABCD:49.98", // Hz
                "h:" + (meter + 28) + ":float32:ABCD:-1500", // W
                "h:" + (meter + 2 + 124) + ":uint16:ABCD:65535", "h:" + (meter + 3 + 124) + ":uint16:ABCD:0"));
        try (org.cabinetgw.modbus.internal.LibmodbusServer server = org.cabinetgw.modbus.internal.LibmodbusServer.start(specs.toArray(String[]::new)); ModbusLine line = line(server.port())) {
            SunSpecDiscovery.Found found = SunSpecDiscovery.discover(line, 1);
            assertThat(found.base()).isEqualTo(40000);
            assertThat(found.modelId()).isEqualTo(213);
            assertThat(found.modelAddress()).isEqualTo(meter);
            MeterPoller.Values v = new MeterPoller(found.map(), 1).poll(line);
            assertThat(v.numbers().get("voltage")).isCloseTo(229.5, within(1e-4));
            assertThat(v.numbers().get("frequency")).isCloseTo(49.98, within(1e-4));
            assertThat(v.numbers().get("power")).isEqualTo(-1500.0);
        }
    }

    @Test
    void sunSpecIntegerModelWithScaleFactorsAtBaseZero() throws Exception {
        int m = 2; // marker at 0, the meter model right after it
        List<String> specs = List.of("h:0:uint16:ABCD:21365", "h:1:uint16:ABCD:28243",
                "h:" + m + ":uint16:ABCD:203", "h:" + (m + 1) + ":uint16:ABCD:105",
                "h:" + (m + 7) + ":int16:ABCD:2315", "h:" + (m + 15) + ":int16:ABCD:-1", // 231.5 V
                "h:" + (m + 16) + ":int16:ABCD:5001", "h:" + (m + 17) + ":int16:ABCD:-2", // 50.01 Hz
                "h:" + (m + 18) + ":int16:ABCD:42", "h:" + (m + 22) + ":int16:ABCD:2", // 4200 W
                "h:" + (m + 9) + ":int16:ABCD:-32768", // phase B voltage not implemented
                "h:" + (m + 2) + ":int16:ABCD:125", "h:" + (m + 6) + ":int16:ABCD:-1", // 12.5 A
                "h:40000:uint16:ABCD:0"); // no marker at 40000
        try (org.cabinetgw.modbus.internal.LibmodbusServer server = org.cabinetgw.modbus.internal.LibmodbusServer.start(specs.toArray(String[]::new)); ModbusLine line = line(server.port())) {
            SunSpecDiscovery.Found found = SunSpecDiscovery.discover(line, 1);
            assertThat(found.base()).isZero();
            assertThat(found.modelId()).isEqualTo(203);
            MeterPoller.Values v = new MeterPoller(found.map(), 1).poll(line);
            assertThat(v.numbers().get("voltage")).isCloseTo(231.5, within(1e-9));
            assertThat(v.numbers().get("frequency")).isCloseTo(50.01, within(1e-9));
            assertThat(v.numbers().get("power")).isCloseTo(4200, within(1e-9));
            assertThat(v.numbers().get("voltage.l2")).isNaN(); // 0x8000: not implemented
            assertThat(v.numbers().get("current")).isCloseTo(12.5, within(1e-9));
        }
    }
}
