package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.cabinetgw.testing.Await;
import org.cabinetgw.testing.LocalMosquitto;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker ACL the README gives (examples/mosquitto), on a real Mosquitto: a gateway gets the requests
 * the cloud sends it, and none that a dashboard or another gateway sends; a gateway writes only under its
 * own prefix. The README must show the file as it is tested.
 */
class MosquittoAclExampleTest {

    private static final Path EXAMPLES = Path.of("examples/mosquitto");
    private static final String EXEC = "gw/gw-1/gw-1/DEPLOY-V2/EXEC/uninstall";

    /**
     * The window of a "nothing else arrives" check: a refused publish was sent before the accepted one, so it
     * would be delivered within milliseconds of it over loopback; this allows a loaded machine. It cannot be
     * awaited: the assertion is an absence.
     */
    private static final long QUIET_MILLIS = 500;

    @TempDir
    Path dir;
    private LocalMosquitto broker;
    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "mosquitto is not installed");
        Path passwd = LocalMosquitto.passwordFile(dir.resolve("passwd"), "gw-1", "gw-1-pw", "gw-2", "gw-2-pw",
                "cloud", "cloud-pw", "viewer", "viewer-pw");
        Path acl = Files.copy(EXAMPLES.resolve("cabinetgw.acl"), dir.resolve("cabinetgw.acl"));
        // the example as the README gives it, on the test broker's own listener (a free loopback port)
        String example = Files.readString(EXAMPLES.resolve("mosquitto.conf"));
        assertThat(example).contains("listener 8883\n");
        String access = example.replace("listener 8883\n", "")
                .replace("/etc/mosquitto/cabinetgw.passwd", passwd.toString())
                .replace("/etc/mosquitto/cabinetgw.acl", acl.toString());
        broker = new LocalMosquitto(dir.resolve("broker")).with("persistence false").start(access);
    }

    @AfterEach
    void stop() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect();
            }
            c.close();
        }
        if (broker != null) {
            broker.kill();
        }
    }

    @Test
    void onlyTheCloudReachesAGatewaysRequestTopicAndGatewaysWriteOnlyUnderTheirOwnPrefix() throws Exception {
        List<String> atGateway = new CopyOnWriteArrayList<>();
        MqttClient gw1 = connect("gw-1");
        gw1.subscribe("gw/gw-1/gw-1/DEPLOY-V2/#", 1, (t, m) -> atGateway.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        List<String> atCloud = new CopyOnWriteArrayList<>();
        MqttClient cloud = connect("cloud");
        cloud.subscribe("gw/#", 1, (t, m) -> atCloud.add(t + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));

        connect("viewer").publish(EXEC, "from-viewer".getBytes(), 1, false);
        connect("gw-2").publish(EXEC, "from-gw-2".getBytes(), 1, false);
        cloud.publish(EXEC, "from-cloud".getBytes(), 1, false);
        awaitContains(atGateway, "from-cloud");
        Thread.sleep(QUIET_MILLIS); // the refused ones were sent first; give them every chance to arrive
        assertThat(atGateway).containsExactly("from-cloud");

        gw1.publish("gw/gw-1/cloud/DEPLOY-V2/REPLY/r1", "reply".getBytes(), 1, false);
        gw1.publish("gw/gw-2/status", "impersonation".getBytes(), 1, false);
        gw1.publish("gw/gw-1/status", "online".getBytes(), 1, false);
        awaitContains(atCloud, "gw/gw-1/status online");
        Thread.sleep(QUIET_MILLIS);
        assertThat(atCloud).contains("gw/gw-1/cloud/DEPLOY-V2/REPLY/r1 reply").noneMatch(s -> s.contains("impersonation"));
        assertThat(atCloud).noneMatch(s -> s.contains("from-viewer") || s.contains("from-gw-2"));
    }

    @Test
    void theReadmeShowsTheAclThatIsTested() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        assertThat(readme).contains(Files.readString(EXAMPLES.resolve("cabinetgw.acl")).strip());
    }

    private MqttClient connect(String user) throws Exception {
        MqttClient c = new MqttClient(broker.uri(), user, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword((user + "-pw").toCharArray());
        o.setCleanSession(true);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private static void awaitContains(List<String> received, String expected) throws InterruptedException {
        Await.until(expected + " arrives", Duration.ofSeconds(10), () -> List.copyOf(received),
                got -> got.contains(expected));
    }
}
