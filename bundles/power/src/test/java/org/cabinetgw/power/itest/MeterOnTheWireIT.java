package org.cabinetgw.power.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.health.Health;
import org.cabinetgw.health.HealthContributor;
import org.cabinetgw.health.HealthState;
import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LocalMosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * A meter as an integrator runs it: configured through ConfigurationAdmin, polling an independent Modbus server
 * (libmodbus, bundles/modbus/bench/modbus_server.c) that holds a value of every type in every word order, its
 * telemetry sent by the real uplink bundle to a real Mosquitto and read by an independent {@code mosquitto_sub}.
 * The payload's text is checked: integers as JSON integers (exact to 64 bits), booleans as booleans, float32 as
 * the shortest decimal. And a server that drops the connection after every third request makes the meter
 * DEGRADED with its reconnects counted, in health and in telemetry.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MeterOnTheWireIT {

    static final String PREFIX = "cab/values";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin cm;

    private final List<Configuration> configs = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private LocalMosquitto broker;
    private Path dir;
    private Path received;

    @BeforeEach
    void brokerSubscriberAndUplink() throws Exception {
        assumeTrue(LocalMosquitto.installed() && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "needs Mosquitto: apt-get install -y mosquitto mosquitto-clients");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")) && Files.exists(Path.of("/usr/include/modbus/modbus.h")),
                "needs gcc and libmodbus-dev");
        dir = Files.createTempDirectory("power-wire-itest");
        broker = new LocalMosquitto(dir).start();
        int port = broker.port;
        received = dir.resolve("received.txt");
        processes.add(new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-t",
                PREFIX + "/#", "-q", "1", "-i", "independent-" + System.nanoTime(), "-F", "%t %p")
                .redirectOutput(received.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start());
        configure(cm.getConfiguration("org.cabinetgw.uplink", "?"), "data.directory", dir.resolve("queue").toString(),
                "retry.initial.millis", 50, "retry.max.seconds", 1);
        configure(cm.getConfiguration("org.cabinetgw.uplink.mqtt", "?"), "server.uri", "tcp://127.0.0.1:" + port,
                "client.id", "power-wire-itest", "topic.prefix", PREFIX, "reconnect.initial.millis", 50,
                "reconnect.max.seconds", 1);
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Configuration c : configs) {
            c.delete();
        }
        ConfigurationEvents.awaitDelivered(context, cm, 30_000);
        for (Process p : processes) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyTypeArrivesAsTheMeterHoldsIt() throws Exception {
        List<String> specs = new ArrayList<>();
        List<String> points = new ArrayList<>();
        int address = 100;
        for (String order : new String[] {"ABCD", "CDAB", "BADC", "DCBA"}) {
            String o = order.toLowerCase();
            address = place(specs, points, "i32_" + o, "int32", order, "-123456", address, 2);
            address = place(specs, points, "u32_" + o, "uint32", order, "4000000000", address, 2);
            address = place(specs, points, "i64_" + o, "int64", order, "9007199254740993", address, 4);
            address = place(specs, points, "u64_" + o, "uint64", order, "18446744073709551615", address, 4);
            address = place(specs, points, "f32_" + o, "float32", order, "49.98", address, 2);
            address = place(specs, points, "f64_" + o, "float64", order, "0.1", address, 4);
        }
        address = place(specs, points, "i16", "int16", "ABCD", "-2", address, 1);
        address = place(specs, points, "u16", "uint16", "ABCD", "65535", address, 1);
        specs.add("h:" + address + ":uint16:ABCD:2301");
        points.add("voltage;holding;" + address + ";uint16;ABCD;0.1;0;V");
        specs.add("h:300:string:ABCD:SDM630");
        points.add("model;holding;300;string;;;;;3"); // 3 registers: the server fills the rest with its pattern
        specs.add("c:5:bool:ABCD:1");
        points.add("breaker;coil;5;bool");
        points.add("alarm;coil;6;bool");
        int modbusPort = startModbusServer(specs);
        meter("exact", modbusPort, points, 0);

        String payload = awaitPayload("power/exact", p -> p.contains("\"breaker\""));
        for (String o : new String[] {"abcd", "cdab", "badc", "dcba"}) {
            assertThat(payload).contains("\"i32_" + o + "\":-123456,", "\"u32_" + o + "\":4000000000,",
                    "\"i64_" + o + "\":9007199254740993,", "\"u64_" + o + "\":18446744073709551615,",
                    "\"f32_" + o + "\":49.98,", "\"f64_" + o + "\":0.1,");
        }
        assertThat(payload).contains("\"i16\":-2,", "\"u16\":65535,", "\"voltage\":230.1,", "\"model\":\"SDM630\",",
                "\"breaker\":true,", "\"alarm\":false,", "\"line.reconnects\":1,", "\"line.retries\":0,");
        assertThat(payload).as("numbered (1 for the first this meter sent)").containsPattern("\"telemetry\\.seq\":[1-9]\\d*[,}]");
    }

    @Test
    void aServerDroppingEveryThirdRequestMakesTheMeterDegradedWithItsReconnectsCounted() throws Exception {
        int modbusPort = startModbusServer(List.of("--drop-every", "3", "h:0:uint16:ABCD:230"));
        meter("churn", modbusPort, List.of("voltage;holding;0;uint16"), 0);
        Health health = awaitHealth("power.meter.churn",
                h -> h.state() == HealthState.DEGRADED && h.reason().contains("unsteady"));
        assertThat(health.reason()).matches("meter churn: the connection to tcp://127\\.0\\.0\\.1:" + modbusPort
                + " is unsteady, \\d+ reconnects and 0 retries in the last 5 minutes \\(DEGRADED above 5\\)");
        String payload = awaitPayload("power/churn", p -> reconnects(p) > 5);
        assertThat(payload).contains("\"voltage\":230,");
    }

    private static long reconnects(String payload) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"line\\.reconnects\":(\\d+)").matcher(payload);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static int place(List<String> specs, List<String> points, String name, String type, String order,
            String value, int address, int registers) {
        specs.add("h:" + address + ":" + type + ":" + order + ":" + value);
        points.add(name + ";holding;" + address + ";" + type + ";" + order);
        return address + registers;
    }

    private void meter(String name, int port, List<String> points, int retries) throws IOException {
        Configuration c = cm.getFactoryConfiguration("org.cabinetgw.power.meter", name, "?");
        configure(c, "meter.name", name, "meter.role", "FEEDER", "host", "127.0.0.1", "port", port, "preset", "CUSTOM",
                "custom.points", points.toArray(String[]::new), "poll.millis", 100, "timeout.millis", 1000,
                "retries", retries, "telemetry.every", 1);
    }

    private void configure(Configuration c, Object... kv) throws IOException {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < kv.length; i += 2) {
            props.put((String) kv[i], kv[i + 1]);
        }
        c.update(props);
        configs.add(c);
    }

    /** Compiles the project's libmodbus test server and starts it on a free port; returns the port. */
    private int startModbusServer(List<String> args) throws Exception {
        Path source = findUp("bundles/modbus/bench/modbus_server.c");
        Path binary = dir.resolve("modbus_server");
        List<String> gcc = new ArrayList<>(List.of("gcc", "-O2", "-o", binary.toString(), source.toString(),
                "-I/usr/include/modbus", "-lmodbus"));
        Process cc = new ProcessBuilder(gcc).redirectErrorStream(true).start();
        String log = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor(120, TimeUnit.SECONDS) && cc.exitValue() == 0).as("gcc: " + log).isTrue();
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        int at = args.size() > 1 && args.get(0).startsWith("--") ? 2 : 0;
        cmd.addAll(args.subList(0, at));
        cmd.add("0");
        cmd.addAll(args.subList(at, args.size()));
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(server);
        String first = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(first).as("the libmodbus server's first line").startsWith("PORT ");
        return Integer.parseInt(first.substring(5).trim());
    }

    private static Path findUp(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(relative))) {
                return p.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    private String awaitPayload(String topic, java.util.function.Predicate<String> accept) throws Exception {
        Optional<String> found = Await.within(Duration.ofSeconds(60), () -> {
            for (String line : Files.readAllLines(received, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space > 0 && line.substring(0, space).endsWith("/" + topic) && accept.test(line.substring(space + 1))) {
                    return line.substring(space + 1);
                }
            }
            return null;
        }, payload -> payload != null);
        if (found.isPresent()) {
            return found.get();
        }
        throw new AssertionError("no message on " + topic + " within 60 s; received:\n"
                + Files.readString(received) + "\nbroker log:\n" + Files.readString(dir.resolve("broker.log")));
    }

    private Health awaitHealth(String component, java.util.function.Predicate<Health> accept) throws Exception {
        return Await.until(component + " reaching the expected health", Duration.ofSeconds(60), () -> {
            Collection<ServiceReference<HealthContributor>> refs = context.getServiceReferences(HealthContributor.class,
                    "(" + HealthContributor.COMPONENT + "=" + component + ")");
            Optional<ServiceReference<HealthContributor>> ref = refs.stream().findFirst();
            HealthContributor h = ref.isPresent() ? context.getService(ref.get()) : null;
            if (h == null) {
                return null;
            }
            try {
                return h.health();
            } finally {
                context.ungetService(ref.get());
            }
        }, health -> health != null && accept.test(health));
    }
}
