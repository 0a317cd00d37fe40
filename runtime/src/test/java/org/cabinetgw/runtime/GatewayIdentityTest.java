package org.cabinetgw.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayIdentityTest {

    @Test
    void madeOnceFromTheMachineThenKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("identity");
        String first = GatewayIdentity.load(file);
        assertThat(first).matches("[a-z0-9._-]{1,64}").isNotEqualTo("cabinetgw");
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        Files.writeString(file, "cabinet-0042\n");
        assertThat(GatewayIdentity.load(file)).as("an identity the integrator wrote is kept").isEqualTo("cabinet-0042");
    }

    @Test
    void theMachinesMacIsUsedWhenThereIsOne() {
        String mac = GatewayIdentity.primaryMac();
        if (mac != null) {
            assertThat(GatewayIdentity.fromMachine()).isEqualTo("cabinetgw-" + mac);
            assertThat(mac).matches("[0-9a-f]{12}");
        }
    }

    @Test
    void namesAreMadeSafeForMqttAndTopics() {
        assertThat(GatewayIdentity.sanitize("Cabinet 42/North#+")).isEqualTo("cabinet-42-north");
        assertThat(GatewayIdentity.sanitize("--x--")).isEqualTo("x");
        assertThat(GatewayIdentity.sanitize("a".repeat(100))).hasSize(64);
    }
}
