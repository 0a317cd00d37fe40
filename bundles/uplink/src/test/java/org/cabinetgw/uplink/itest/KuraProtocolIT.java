package org.cabinetgw.uplink.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.telemetry.Message;
import org.cabinetgw.telemetry.Priority;
import org.cabinetgw.telemetry.Uplink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Kura's cloud protocol as an integrator turns it on, inside Felix with the protobuf-java bundle resolved:
 * {@code cloud.protocol=KURA} and an account name through ConfigurationAdmin. What reaches the broker is captured
 * by mosquitto_sub and read by Debian's protoc with the schema the uplink bundle ships, sharing no code with
 * the gateway: the BIRTH on {@code $EDC/<account>/<client-id>/MQTT/BIRTH}, a reading typed on the data topic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KuraProtocolIT {

    private static final String UPLINK_PID = "org.cabinetgw.uplink";
    private static final String MQTT_PID = "org.cabinetgw.uplink.mqtt";
    private static final String CLIENT_ID = "kura-it-gateway";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 5000)
    ConfigurationAdmin configurationAdmin;

    private Path dir;
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private ServiceTracker<Uplink, Uplink> uplinks;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/protoc")),
                "protoc is not installed: apt-get install -y protobuf-compiler");
        dir = Files.createTempDirectory("uplink-kura-it");
        String queue = dir.resolve("queue").toString();
        uplinks = UplinkTrackers.forQueue(context, queue);
        Dictionary<String, Object> uplink = new Hashtable<>();
        uplink.put("data.directory", queue);
        configurationAdmin.getConfiguration(UPLINK_PID, "?").update(uplink);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (uplinks != null) {
            UplinkTrackers.closeAndDelete(uplinks, context, configurationAdmin, MQTT_PID, UPLINK_PID);
        }
        for (int i = closeLast.size() - 1; i >= 0; i--) {
            closeLast.get(i).close();
        }
    }

    @Test
    void birthAndTypedTelemetryAsProtocReadsThem() throws Exception {
        Mosquitto broker = new Mosquitto(dir.resolve("broker")).start();
        closeLast.add(broker);
        Path schema = schemaFromTheBundle();
        Process birth = capture(broker, "$EDC/ACME/" + CLIENT_ID + "/MQTT/BIRTH", dir.resolve("birth.bin"));
        Process data = capture(broker, "ACME/" + CLIENT_ID + "/cabinetgw/#", dir.resolve("data.bin"));

        Dictionary<String, Object> mqtt = new Hashtable<>();
        mqtt.put("server.uri", broker.uri());
        mqtt.put("client.id", CLIENT_ID);
        mqtt.put("cloud.protocol", "KURA");
        mqtt.put("kura.account.name", "ACME");
        mqtt.put("kura.gzip", false); // protoc reads plain protobuf
        configurationAdmin.getConfiguration(MQTT_PID, "?").update(mqtt);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("voltage", 229.8);
        metrics.put("energy.wh", 12_345_678_901L);
        metrics.put("state", "MAINS");
        metrics.put("online", true);
        Message m = new Message(Message.newId(), "itest", "power/mains", Priority.TELEMETRY, Instant.now(), metrics, "");
        uplinks.waitForService(10_000).publish(m);

        assertThat(birth.waitFor(30, TimeUnit.SECONDS)).as("a BIRTH reached the broker").isTrue();
        String birthText = protoc(schema, dir.resolve("birth.bin"));
        assertThat(birthText).contains("name: \"application_ids\"", "name: \"kura_version\"",
                "name: \"osgi_framework\"", "string_value: \"org.apache.felix.framework\"", "name: \"uptime\"");
        assertThat(birthText).doesNotContain("long_value", "double_value"); // Kura's birth metrics are all STRING

        assertThat(data.waitFor(30, TimeUnit.SECONDS)).as("the reading reached the broker").isTrue();
        String dataText = protoc(schema, dir.resolve("data.bin"));
        assertThat(dataText).contains("name: \"voltage\"\n  type: DOUBLE\n  double_value: 229.8",
                "name: \"energy.wh\"\n  type: INT64\n  long_value: 12345678901",
                "name: \"state\"\n  type: STRING\n  string_value: \"MAINS\"",
                "name: \"online\"\n  type: BOOL\n  bool_value: true",
                "name: \"message.id\"\n  type: STRING\n  string_value: \"" + m.id() + "\"");
    }

    /** The schema as the uplink bundle ships it. */
    private Path schemaFromTheBundle() throws Exception {
        Bundle uplink = null;
        for (Bundle b : context.getBundles()) {
            if ("org.cabinetgw.uplink".equals(b.getSymbolicName())) {
                uplink = b;
            }
        }
        assertThat(uplink).as("the uplink bundle").isNotNull();
        Path target = dir.resolve("schema/kurapayload.proto");
        Files.createDirectories(target.getParent());
        try (InputStream in = uplink.getEntry("kura/kurapayload.proto").openStream()) {
            Files.copy(in, target);
        }
        return target;
    }

    private Process capture(Mosquitto broker, String topic, Path out) throws Exception {
        Process p = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-t", topic, "-q", "1", "-C", "1", "-N").redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        closeLast.add(p::destroyForcibly);
        Thread.sleep(300);
        return p;
    }

    private static String protoc(Path schema, Path bytes) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/protoc", "--decode=kuradatatypes.KuraPayload",
                "--proto_path=" + schema.getParent(), schema.getFileName().toString())
                .redirectInput(bytes.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("protoc: " + out).isZero();
        return out;
    }
}
