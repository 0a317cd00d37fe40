package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.cabinetgw.testing.FilesContaining;
import org.cabinetgw.testing.LocalMosquitto;
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
        Path passwd = LocalMosquitto.passwordFile(dir.resolve("passwd"), "gw", PASSWORD);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        Path site = Files.writeString(dir.resolve("site.json"), """
                {"org.cabinetgw.uplink.mqtt": {"server.uri": "tcp://127.0.0.1:%d", "client.id": "secrets-it",
                  "username": "gw", "password": "%s", "allow.cleartext.credentials": true}}
                """.formatted(port, PASSWORD));
        try (TestBroker broker = TestBroker.start(dir.resolve("broker"), port,
                "allow_anonymous false\npassword_file " + passwd + "\n")) { // the launcher adds "user root" as root
            try (GatewayProcess gw = GatewayProcess.start(data, "--config", site.toString())) {
                gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink logged in with the password");
                assertThat(FilesContaining.text(data, PASSWORD)).as("files under the data directory holding the password").isEmpty();
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
}
