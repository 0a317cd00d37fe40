package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.ConfigurationEvents;
import org.cabinetgw.testing.LocalMosquitto;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * DEPLOY-V2 with its download options the whole way, as Kapua drives it: a real Mosquitto, the uplink's MQTT
 * transport in Kura's protocol as the command channel, the real agent, and a fake Kapua whose request is encoded and
 * whose answers are decoded by Debian's {@code protoc} with the uplink's {@code kurapayload.proto} (none of our code
 * on the cloud's side). The request carries the metrics Kapua's package service sends, with an operator's advanced
 * options (1 KiB blocks, 300 ms apart): the download keeps that pace, the notifications carry Kura's types.
 */
class KuraDeployOverMqttIT {

    private static final String ACCOUNT = "ACME";
    private static final String GATEWAY = "gw-deploy-itest";
    private static final String CLOUD = "kapua-deploy-itest";
    private static final String EDC = "$EDC/" + ACCOUNT + "/" + GATEWAY;
    private static final Path PROTOC = Path.of("/usr/bin/protoc");

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    private LocalMosquitto broker;
    private PackageServer server;
    private MqttClient cloud;
    private Configuration mqtt;
    private Path work;
    private final Map<String, byte[]> replies = new ConcurrentHashMap<>();
    /** A notification as the fake cloud received it, and when (System.nanoTime). */
    private record Note(String topic, byte[] payload, long nanos) {
    }

    /** Every notification, in order. */
    private final List<Note> notes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        Assumptions.assumeTrue(Files.isExecutable(PROTOC), "protoc is not installed: apt-get install -y protobuf-compiler");
        work = Files.createTempDirectory("kura-deploy-mqtt-it");
        broker = new LocalMosquitto(work).start();
        server = PackageServer.withFixtures("v1");
        Fixtures.removeAll(deploymentAdmin);
        Agents.activateNew(configurationAdmin, context, Map.of());

        cloud = new MqttClient(broker.uri(), CLOUD, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        cloud.connect(o);
        String mine = "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/";
        cloud.subscribe(new String[] { mine + "REPLY/#", mine + "NOTIFY/#" }, new int[] { 1, 1 },
                new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {
                        (t, msg) -> replies.put(t, msg.getPayload()),
                        (t, msg) -> notes.add(new Note(t, msg.getPayload(), System.nanoTime())) });

        mqtt = configurationAdmin.getConfiguration("org.cabinetgw.uplink.mqtt", "?");
        Dictionary<String, Object> m = new Hashtable<>();
        m.put("server.uri", broker.uri());
        m.put("client.id", GATEWAY);
        m.put("cloud.protocol", "KURA");
        m.put("kura.account.name", ACCOUNT);
        m.put("kura.gzip", false);
        m.put("reconnect.initial.millis", 100);
        mqtt.update(m);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cloud != null && cloud.isConnected()) {
            cloud.disconnect();
        }
        if (mqtt != null) {
            mqtt.delete();
            ConfigurationEvents.awaitDelivered(context, configurationAdmin, 30_000);
        }
        if (deploymentAdmin != null) {
            Fixtures.removeAll(deploymentAdmin);
        }
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.kill();
        }
    }

    @Test
    void kapuasDownloadWithAdvancedOptionsKeepsThePaceAndIsAnsweredInKurasTypes() throws Exception {
        // the channel subscribes in the background: ask GET/packages until it answers, then send the download once
        Await.until("a REPLY to GET packages", Duration.ofSeconds(60), () -> request("GET/packages", "-1", ""), r -> r != null);

        int size = Fixtures.bytes("v1").length;
        String kapua = "metric { name: \"job.id\" type: INT64 long_value: 1700000000077 }\n"
                + "metric { name: \"dp.reboot\" type: BOOL bool_value: false }\n"
                + "metric { name: \"dp.reboot.delay\" type: INT32 int_value: 0 }\n"
                + "metric { name: \"dp.uri\" type: STRING string_value: \"" + server.url("/v1.dp") + "\" }\n"
                + "metric { name: \"dp.name\" type: STRING string_value: \"" + Fixtures.NAME + "\" }\n"
                + "metric { name: \"dp.version\" type: STRING string_value: \"1.0.0\" }\n"
                + "metric { name: \"dp.download.hash\" type: STRING string_value: \"SHA256:"
                + Fixtures.sha256(Fixtures.bytes("v1")) + "\" }\n"
                + "metric { name: \"dp.install.system.update\" type: BOOL bool_value: false }\n"
                + "metric { name: \"dp.download.protocol\" type: STRING string_value: \"HTTP\" }\n"
                + "metric { name: \"dp.install\" type: BOOL bool_value: true }\n"
                + "metric { name: \"dp.download.block.size\" type: INT32 int_value: 1024 }\n"
                + "metric { name: \"dp.download.block.delay\" type: INT32 int_value: 300 }\n"
                + "metric { name: \"dp.download.timeout\" type: INT32 int_value: 60000 }\n";
        long t0 = System.nanoTime();
        String reply = request("EXEC/download", "-2", kapua);
        assertThat(reply).as("the reply to EXEC/download").isNotNull()
                .contains("name: \"response.code\"\n  type: INT32\n  int_value: 200");

        String installed = Await.until("the install's final notification", Duration.ofSeconds(60),
                () -> decodedNote("/install", "dp.install.status"), n -> n != null && !n.contains("IN_PROGRESS"));
        assertThat(installed).contains("string_value: \"COMPLETED\"");
        String downloaded = decodedNote("/download", "COMPLETED");
        long ms = (foundAt - t0) / 1_000_000;
        assertThat(downloaded).as("the download's COMPLETED notification")
                .contains("name: \"job.id\"\n  type: INT64\n  long_value: 1700000000077")
                .contains("name: \"dp.download.size\"\n  type: INT32\n  int_value: " + size)
                .contains("name: \"dp.download.progress\"\n  type: INT32\n  int_value: 100");
        int blocks = (size + 1023) / 1024;
        assertThat(ms).as("the download's end, %d blocks of 1 KiB, 300 ms apart", blocks)
                .isGreaterThanOrEqualTo((blocks - 1) * 300L);
        assertThat(notes).extracting(Note::topic).allMatch(t -> t.startsWith(
                "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/NOTIFY/" + GATEWAY + "/"));
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    /** When the notification the last {@link #decodedNote} call returned arrived (System.nanoTime). */
    private long foundAt;

    /** The last notification on a topic ending so whose decoded text contains {@code contains}; null if none yet. */
    private String decodedNote(String topicEnd, String contains) throws Exception {
        String found = null;
        for (Note n : notes) {
            if (n.topic().endsWith(topicEnd)) {
                String text = decode(n.payload());
                if (text.contains(contains)) {
                    found = text;
                    foundAt = n.nanos();
                }
            }
        }
        return found;
    }

    /** Sends one request as Kapua does and waits a little for its reply, decoded; null when none came. */
    private String request(String methodAndResource, String requestId, String metrics) throws Exception {
        String text = "timestamp: 1780000000000\n"
                + "metric { name: \"request.id\" type: STRING string_value: \"" + requestId + "\" }\n"
                + "metric { name: \"requester.client.id\" type: STRING string_value: \"" + CLOUD + "\" }\n" + metrics;
        String replyTopic = "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/REPLY/" + requestId;
        replies.remove(replyTopic);
        cloud.publish(EDC + "/DEPLOY-V2/" + methodAndResource, encode(text), 1, false);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline && !replies.containsKey(replyTopic)) {
            Thread.sleep(50);
        }
        byte[] r = replies.get(replyTopic);
        return r == null ? null : decode(r);
    }

    private byte[] encode(String text) throws Exception {
        return protoc("--encode=kuradatatypes.KuraPayload", text.getBytes(StandardCharsets.UTF_8));
    }

    private String decode(byte[] payload) throws Exception {
        return new String(protoc("--decode=kuradatatypes.KuraPayload", payload), StandardCharsets.UTF_8);
    }

    /** Debian's protoc with the uplink's kurapayload.proto: a KuraPayload from or to its text form. */
    private byte[] protoc(String mode, byte[] in) throws Exception {
        Path input = Files.write(Files.createTempFile(work, "protoc", ".in"), in);
        Process p = new ProcessBuilder(PROTOC.toString(), mode, "--proto_path=" + context.getProperty("cabinetgw.test.kura.schema"),
                "kurapayload.proto").redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("protoc " + mode).isTrue();
        return out;
    }
}
