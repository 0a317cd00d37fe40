package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.CloudOverMqtt;
import org.cabinetgw.testing.LocalMosquitto;
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

    private PackageServer server;
    private CloudOverMqtt cloud;
    /** How many of the cloud's messages {@link #await} has looked at. */
    private int seen;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
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

        cloud = CloudOverMqtt.start(context, configurationAdmin, Files.createTempDirectory("cmd-mqtt-it"), "cloud-itest",
                Map.of("client.id", GATEWAY, "topic.prefix", PREFIX),
                PREFIX + "/cloud-itest/#", PREFIX + "/" + GATEWAY + "/+/NOTIFY/#");
    }

    @AfterEach
    void tearDown() throws Exception {
        Fixtures.endCommandTest(cloud, deploymentAdmin, server);
    }

    private void publish(String methodAndResource, String body) throws Exception {
        cloud.publish(PREFIX + "/" + GATEWAY + "/DEPLOY-V2/" + methodAndResource, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The next message on {@code topic} after those already looked at, others skipped. */
    private JsonObject await(String topic, long millis) throws InterruptedException {
        CloudOverMqtt.Received r = Await.nonNull("a message on " + topic, Duration.ofMillis(millis), () -> {
            List<CloudOverMqtt.Received> all = cloud.received();
            for (; seen < all.size(); seen++) {
                if (all.get(seen).topic().equals(topic)) {
                    return all.get(seen++);
                }
            }
            return null;
        });
        return JsonParser.parseString(new String(r.payload(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    /** The transport connects and subscribes in the background: ask until the agent answers. */
    private void awaitChannel() throws Exception {
        String probe = "{\"request.id\":\"probe\",\"requester.client.id\":\"cloud-itest\"}";
        Await.until("the gateway answering over MQTT", Duration.ofSeconds(20),
                () -> cloud.request(PREFIX + "/" + GATEWAY + "/DEPLOY-V2/GET/packages",
                        probe.getBytes(StandardCharsets.UTF_8), PREFIX + "/cloud-itest/DEPLOY-V2/REPLY/probe",
                        Duration.ofMillis(500)), r -> r != null);
        // what follows looks only at what arrives from now on (late replies to earlier probes are on REPLY/probe)
        seen = cloud.received().size();
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
