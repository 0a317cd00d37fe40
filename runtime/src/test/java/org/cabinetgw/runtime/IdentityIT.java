package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateways on one broker must not share an MQTT identity: without a configured client.id the gateway
 * takes one from its machine at its first start, keeps it, and every topic names it.
 */
class IdentityIT {

    @TempDir
    Path data;

    @Test
    void withoutAClientIdTheGatewayUsesItsMachinesIdentityInItsClientIdAndEveryTopic() throws Exception {
        Assumptions.assumeTrue(TestBroker.available() && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto and mosquitto-clients are not installed");
        Path brokerDir = data.resolve("test-broker");
        try (TestBroker broker = TestBroker.start(brokerDir)) {
            Path site = Files.writeString(data.resolve("site.json"),
                    "{\"org.cabinetgw.uplink.mqtt\": {\"server.uri\": \"tcp://127.0.0.1:" + broker.port + "\"}}");
            try (GatewayProcess gw = GatewayProcess.start(data.resolve("gw"), "--config", site.toString())) {
                gw.awaitHealthWhere(b -> b.contains("\"uplink\":{\"status\":\"UP\""), "the uplink connected");
                String identity = Files.readString(data.resolve("gw/etc/identity")).strip();
                assertThat(identity).matches("[a-z0-9._-]{1,64}").isNotEqualTo("cabinetgw");
                assertThat(gw.output()).contains("identity:    " + identity);
                // the retained status, as any subscriber sees it
                Process sub = new ProcessBuilder("/usr/bin/mosquitto_sub", "-h", "127.0.0.1", "-p",
                        Integer.toString(broker.port), "-i", "identity-it", "-v", "-C", "1", "-W", "20", "-t",
                        "cabinetgw/+/status").redirectErrorStream(true).start();
                String line = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                sub.waitFor(25, TimeUnit.SECONDS);
                assertThat(line).startsWith("cabinetgw/" + identity + "/status ").contains(identity);
            }
        }
    }
}
