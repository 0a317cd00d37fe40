package org.cabinetgw.secrets.itest;

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
import org.cabinetgw.testing.FilesContaining;
import org.cabinetgw.testing.LocalMosquitto;
import org.cabinetgw.testing.SecretServiceProperties;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The MQTT password set through ConfigurationAdmin, as the web console or the site file sets it: on disk only as
 * ciphertext, and the real MQTT transport logs in with it to a real Mosquitto that refuses anonymous clients.
 */
class EncryptedAtRestIT {

    private static final String PASSWORD = "gw-Secret-7f3a9c";

    @InjectBundleContext
    BundleContext context;
    @InjectService(timeout = 10_000)
    ConfigurationAdmin configurationAdmin;

    @Test
    void anMqttPasswordIsStoredEncryptedAndTheTransportConnectsWithIt() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed(), "Mosquitto is not installed: apt-get install -y mosquitto");
        Path dir = Files.createTempDirectory("secrets-it");
        Path passwd = LocalMosquitto.passwordFile(dir.resolve("passwd"), "gw", PASSWORD, "cloud", "cloud-pw");
        try (LocalMosquitto broker = new LocalMosquitto(dir).start("allow_anonymous false\npassword_file " + passwd + "\n")) {
            BlockingQueue<String> births = new LinkedBlockingQueue<>();
            MqttClient cloud = new MqttClient(broker.uri(), "cloud-it", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setUserName("cloud");
            o.setPassword("cloud-pw".toCharArray());
            cloud.connect(o);
            cloud.subscribe("it-secret/#", (topic, m) -> births.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));

            Configuration mqtt = configurationAdmin.getConfiguration("org.cabinetgw.uplink.mqtt", "?");
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("server.uri", broker.uri());
            p.put("client.id", "secret-it");
            p.put("username", "gw");
            p.put("password", PASSWORD);
            p.put("topic.prefix", "it-secret");
            p.put("reconnect.initial.millis", 100);
            p.put("allow.cleartext.credentials", true); // loopback: TLS is not what is tested here
            mqtt.update(p);
            try {
                String birth = births.poll(60, TimeUnit.SECONDS);
                assertThat(birth).as("the transport logged in with the password it was given (anonymous is refused)")
                        .isNotNull().contains("online");
                assertThat(configurationAdmin.getConfiguration("org.cabinetgw.uplink.mqtt", "?").getProperties().get("password"))
                        .as("ConfigurationAdmin hands out the clear value").isEqualTo(PASSWORD);

                Path data = Path.of(context.getProperty("cabinetgw.data.dir"));
                Path configs = Path.of(context.getProperty("felix.cm.dir"));
                assertThat(FilesContaining.text(configs, "{aes-gcm}")).as("the stored configuration holds the ciphertext").isNotEmpty();
                assertThat(FilesContaining.text(data, PASSWORD)).as("no file under the data directory holds it in clear").isEmpty();
                assertThat(FilesContaining.text(configs, PASSWORD)).isEmpty();
                assertThat(Files.exists(data.resolve("etc/config.key"))).isTrue();
                assertThat(SecretServiceProperties.find(context, "org.cabinetgw.")).as("nor on a service's properties").isEmpty();
            } finally {
                mqtt.delete();
                ConfigurationEvents.awaitDelivered(context, configurationAdmin, 10_000);
                cloud.disconnect();
                cloud.close();
            }
        }
    }
}
