package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The whole command path in the framework: a real Mosquitto, the uplink's MQTT transport (configured
 * through ConfigurationAdmin) as the command channel, the real deploy agent behind it, a fixture .dp
 * from a real HTTP server, and a separate MQTT client in the cloud's role.
 */
class CommandOverMqttIT {

    private static final String PREFIX = "itest";
    private static final String GATEWAY = "gw-itest";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    private LocalMosquitto broker;
    private Path brokerDir;
    private PackageServer server;
    private MqttClient cloud;
    private Configuration mqtt;
    private final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        brokerDir = Files.createTempDirectory("cmd-mqtt-it");
        broker = new LocalMosquitto(brokerDir).start();
        String uri = broker.uri();

        server = PackageServer.withFixtures("v1");
        Fixtures.removeAll(deploymentAdmin);

        Configuration agent = configurationAdmin.getConfiguration(DeployAgentIT.PID, "?");
        Dictionary<String, Object> a = new Hashtable<>();
        a.put("trust.store", System.getProperty("cabinetgw.test.truststore"));
        a.put("trust.store.password", "cabinetgw-test");
        a.put("download.allow.http", true);
        a.put("download.read.timeout.seconds", 5);
        a.put("health.gate.seconds", 5);
        agent.update(a);

        mqtt = configurationAdmin.getConfiguration("org.cabinetgw.uplink.mqtt", "?");
        Dictionary<String, Object> m = new Hashtable<>();
        m.put("server.uri", uri);
        m.put("client.id", GATEWAY);
        m.put("topic.prefix", PREFIX);
        m.put("reconnect.initial.millis", 100);
        mqtt.update(m);

        cloud = new MqttClient(uri, "cloud-itest", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        cloud.connect(o);
        cloud.subscribe(new String[] { PREFIX + "/cloud-itest/#", PREFIX + "/" + GATEWAY + "/+/NOTIFY/#" },
                new int[] { 1, 1 }, new org.eclipse.paho.client.mqttv3.IMqttMessageListener[] {
                        (t, msg) -> received.add(new String[] { t, new String(msg.getPayload(), StandardCharsets.UTF_8) }),
                        (t, msg) -> received.add(new String[] { t, new String(msg.getPayload(), StandardCharsets.UTF_8) }) });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (cloud != null && cloud.isConnected()) {
            cloud.disconnect();
        }
        if (mqtt != null) {
            mqtt.delete();
            // the next test creates the MQTT PID again: only once SCR has acted on the delete (see ConfigurationEvents)
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


    private void publish(String methodAndResource, String body) throws Exception {
        cloud.publish(PREFIX + "/" + GATEWAY + "/DEPLOY-V2/" + methodAndResource,
                body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    /** The next message on {@code topic}, others skipped. */
    private JsonObject await(String topic, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            String[] r = received.poll(200, TimeUnit.MILLISECONDS);
            if (r != null && r[0].equals(topic)) {
                return JsonParser.parseString(r[1]).getAsJsonObject();
            }
        }
        throw new AssertionError("nothing on " + topic + " within " + millis + " ms");
    }

    /** The transport connects and subscribes in the background: ask until the agent answers. */
    private void awaitChannel() throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            publish("GET/packages", "{\"request.id\":\"probe\",\"requester.client.id\":\"cloud-itest\"}");
            String[] r = received.poll(500, TimeUnit.MILLISECONDS);
            if (r != null && r[0].endsWith("/REPLY/probe")) {
                Thread.sleep(300);
                received.clear();
                return;
            }
        }
        throw new AssertionError("the gateway never answered over MQTT");
    }

    @Test
    void aDownloadRequestOverMqttInstallsThePackage() throws Exception {
        awaitChannel();
        String sha = Fixtures.sha256(Fixtures.bytes("v1"));
        publish("EXEC/download", "{\"request.id\":\"d1\",\"requester.client.id\":\"cloud-itest\",\"dp.uri\":\""
                + server.url("/v1.dp") + "\",\"dp.name\":\"" + Fixtures.NAME + "\",\"dp.version\":\"1.0.0\","
                + "\"job.id\":71,\"dp.download.hash\":\"SHA256:" + sha + "\",\"dp.install\":true}");
        JsonObject reply = await(PREFIX + "/cloud-itest/DEPLOY-V2/REPLY/d1", 10_000);
        assertThat(reply.get("response.code").getAsInt()).isEqualTo(200);

        String notify = PREFIX + "/" + GATEWAY + "/DEPLOY-V2/NOTIFY/cloud-itest/install";
        JsonObject end;
        do {
            end = await(notify, 30_000);
        } while ("IN_PROGRESS".equals(end.get("dp.install.status").getAsString()));
        assertThat(end.get("dp.install.status").getAsString()).isEqualTo("COMPLETED");
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));

        publish("GET/packages", "{\"request.id\":\"l1\",\"requester.client.id\":\"cloud-itest\"}");
        JsonObject list = await(PREFIX + "/cloud-itest/DEPLOY-V2/REPLY/l1", 10_000);
        assertThat(list.getAsJsonObject("body").toString()).contains(Fixtures.NAME).contains("1.0.0");
    }

    @Test
    void aMalformedRequestOverMqttIsAnsweredNamingTheField() throws Exception {
        awaitChannel();
        publish("EXEC/download", "{\"request.id\":\"bad\",\"requester.client.id\":\"cloud-itest\",\"dp.name\":\""
                + Fixtures.NAME + "\",\"dp.version\":\"1.0.0\",\"job.id\":72,\"dp.uri\":\"" + server.url("/v1.dp") + "\"}");
        JsonObject reply = await(PREFIX + "/cloud-itest/DEPLOY-V2/REPLY/bad", 10_000);
        assertThat(reply.get("response.code").getAsInt()).isEqualTo(400);
        assertThat(reply.getAsJsonObject("body").get("field").getAsString()).isEqualTo("dp.download.hash");
        assertThat(Fixtures.bundle(context)).isNull();
    }
}
