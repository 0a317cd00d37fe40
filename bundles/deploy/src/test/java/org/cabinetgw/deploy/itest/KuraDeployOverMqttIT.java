package org.cabinetgw.deploy.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.CloudOverMqtt;
import org.cabinetgw.testing.KapuaOverMqtt;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.Protoc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
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

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;
    @InjectService(timeout = 10_000)
    DeploymentAdmin deploymentAdmin;

    private CloudOverMqtt cloud;
    private PackageServer server;
    private Protoc protoc;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        Assumptions.assumeTrue(Protoc.installed(), "protoc is not installed: apt-get install -y protobuf-compiler");
        server = PackageServer.withFixtures("v1");
        Fixtures.removeAll(deploymentAdmin);
        Agents.activateNew(configurationAdmin, context, Map.of());
        String mine = "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/";
        KapuaOverMqtt kapua = KapuaOverMqtt.start(context, configurationAdmin, "kura-deploy-mqtt-it", ACCOUNT, GATEWAY,
                CLOUD, mine + "REPLY/#", mine + "NOTIFY/#");
        cloud = kapua.cloud();
        protoc = kapua.protoc();
    }

    @AfterEach
    void tearDown() throws Exception {
        Fixtures.endCommandTest(cloud, deploymentAdmin, server);
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
        assertThat(notes()).extracting(CloudOverMqtt.Received::topic).allMatch(t -> t.startsWith(
                "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/NOTIFY/" + GATEWAY + "/"));
        assertThat(Fixtures.bundle(context).getVersion()).isEqualTo(new Version(1, 0, 0));
    }

    /** When the notification the last {@link #decodedNote} call returned arrived (System.nanoTime). */
    private long foundAt;

    /** Every notification, in order. */
    private List<CloudOverMqtt.Received> notes() {
        return cloud.received().stream().filter(r -> r.topic().contains("/DEPLOY-V2/NOTIFY/")).toList();
    }

    /** The last notification on a topic ending so whose decoded text contains {@code contains}; null if none yet. */
    private String decodedNote(String topicEnd, String contains) throws Exception {
        String found = null;
        for (CloudOverMqtt.Received n : notes()) {
            if (n.topic().endsWith(topicEnd)) {
                String text = protoc.decode(n.payload());
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
        byte[] r = cloud.request(EDC + "/DEPLOY-V2/" + methodAndResource, protoc.encode(text),
                "$EDC/" + ACCOUNT + "/" + CLOUD + "/DEPLOY-V2/REPLY/" + requestId, Duration.ofSeconds(3));
        return r == null ? null : protoc.decode(r);
    }
}
