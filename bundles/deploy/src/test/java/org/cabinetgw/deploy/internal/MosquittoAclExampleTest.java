package org.cabinetgw.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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

    @TempDir
    Path dir;
    private Process broker;
    private int port;
    private final List<MqttClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mosquitto")), "mosquitto is not installed");
        Path passwd = dir.resolve("passwd");
        run("mosquitto_passwd", "-c", "-b", passwd.toString(), "gw-1", "gw-1-pw");
        for (String user : new String[] { "gw-2", "cloud", "viewer" }) {
            run("mosquitto_passwd", "-b", passwd.toString(), user, user + "-pw");
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path acl = Files.copy(EXAMPLES.resolve("cabinetgw.acl"), dir.resolve("cabinetgw.acl"));
        String conf = Files.readString(EXAMPLES.resolve("mosquitto.conf"))
                .replace("listener 8883", "listener " + port + " 127.0.0.1")
                .replace("/etc/mosquitto/cabinetgw.passwd", passwd.toString())
                .replace("/etc/mosquitto/cabinetgw.acl", acl.toString());
        // started as root, mosquitto would become user mosquitto and could not read the test's private directory
        Path confFile = Files.writeString(dir.resolve("mosquitto.conf"), conf + "persistence false\nuser "
                + System.getProperty("user.name") + "\n");
        broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", confFile.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long end = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException e) {
                assertThat(System.currentTimeMillis()).as("mosquitto listens").isLessThan(end);
                Thread.sleep(20);
            }
        }
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
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
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
        Thread.sleep(500); // the refused ones were sent first; give them every chance to arrive
        assertThat(atGateway).containsExactly("from-cloud");

        gw1.publish("gw/gw-1/cloud/DEPLOY-V2/REPLY/r1", "reply".getBytes(), 1, false);
        gw1.publish("gw/gw-2/status", "impersonation".getBytes(), 1, false);
        gw1.publish("gw/gw-1/status", "online".getBytes(), 1, false);
        awaitContains(atCloud, "gw/gw-1/status online");
        Thread.sleep(500);
        assertThat(atCloud).contains("gw/gw-1/cloud/DEPLOY-V2/REPLY/r1 reply").noneMatch(s -> s.contains("impersonation"));
        assertThat(atCloud).noneMatch(s -> s.contains("from-viewer") || s.contains("from-gw-2"));
    }

    @Test
    void theReadmeShowsTheAclThatIsTested() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        assertThat(readme).contains(Files.readString(EXAMPLES.resolve("cabinetgw.acl")).strip());
    }

    private MqttClient connect(String user) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, user, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword((user + "-pw").toCharArray());
        o.setCleanSession(true);
        c.connect(o);
        clients.add(c);
        return c;
    }

    private static void awaitContains(List<String> received, String expected) throws InterruptedException {
        long end = System.currentTimeMillis() + 10_000;
        while (!received.contains(expected)) {
            assertThat(System.currentTimeMillis()).as("%s arrives; got %s", expected, received).isLessThan(end);
            Thread.sleep(10);
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
