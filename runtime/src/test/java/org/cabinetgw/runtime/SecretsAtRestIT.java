package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar as an integrator runs it, with an MQTT password in the site file and a Mosquitto that refuses anonymous
 * clients: the uplink logs in, and no file under the data directory holds the password (ConfigAdmin's file has the
 * ciphertext, the key is a 0600 file of its own). A key file that is not a key is named in /health at the next
 * start, with the configuration and attribute it withholds.
 */
class SecretsAtRestIT {

    private static final String PASSWORD = "Site-File-Secret-5c1d";

    @TempDir
    Path dir;

    @Test
    void theMqttPasswordIsStoredOnlyEncryptedAndABrokenKeyIsNamed() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && Files.isExecutable(Path.of("/usr/bin/mosquitto_passwd")),
                "mosquitto is not installed");
        Path passwd = dir.resolve("passwd");
        run("/usr/bin/mosquitto_passwd", "-c", "-b", passwd.toString(), "gw", PASSWORD);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Path data = dir.resolve("data");
        Path site = Files.writeString(dir.resolve("site.json"), """
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "secrets-it",
                  "username": "gw", "password": "%s", "allow.cleartext.credentials": true}}
                """.formatted(port, PASSWORD));
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), port,
                "allow_anonymous false\npassword_file " + passwd + "\n" + user)) {
            try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
                gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink logged in with the password");
                assertThat(filesContaining(data, PASSWORD)).as("files under the data directory holding the password").isEmpty();
                assertThat(Files.readString(data.resolve("config/org/cabinetgw/uplink/mqtt.config")))
                        .contains("password=\"{aes-gcm}").contains("username=\"gw\"");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("etc/config.key"))))
                        .isEqualTo("rw-------");
                assertThat(gw.stop()).isTrue();
            }
            Files.writeString(data.resolve("etc/config.key"), "not a key\n");
            try (GatewayProcess gw = GatewayProcess.start(data)) {
                String body = gw.awaitHealthWhere(b -> b.contains("\"config.secrets\":{\"status\":\"DEGRADED\""),
                        "the broken key reported").body();
                assertThat(body).contains(data.resolve("etc/config.key").toString()).contains("not a key")
                        .contains("org.cabinetgw.uplink.mqtt: the stored value of password is withheld");
                assertThat(gw.output()).as("an expected fault: no stack trace").doesNotContain("\tat org.cabinetgw.secrets");
                assertThat(Files.readString(data.resolve("etc/config.key"))).as("never replaced").isEqualTo("not a key\n");
                assertThat(gw.stop()).isTrue();
            }
        }
    }

    private static List<Path> filesContaining(Path root, String text) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(f -> {
                try {
                    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException e) {
                    return false; // gone while walking (a log rotated)
                }
            }).toList();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
    }
}
