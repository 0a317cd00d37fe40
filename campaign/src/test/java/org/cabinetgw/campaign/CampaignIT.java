package org.cabinetgw.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.cabinetgw.testing.LocalMosquitto;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short campaign (each fault once, in the order the seed draws) against the real gateway jar: a
 * regression in how the gateway survives any of them fails the build. Faults needing root (a tmpfs) or
 * libfaketime are reported skipped where those are missing. -Dcampaign.seed=N replays a run.
 */
class CampaignIT {

    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void everyFaultIsSeenRecoveredFromAndLosesNothing() throws Exception {
        Assumptions.assumeTrue(LocalMosquitto.installed() && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub")),
                "mosquitto and mosquitto_sub are not installed (apt-get install mosquitto mosquitto-clients)");
        Path module = Path.of(System.getProperty("campaign.dir", "."));
        Assumptions.assumeTrue(Files.isRegularFile(module.resolve("../runtime/target/cabinetgw.jar"))
                && Files.isRegularFile(World.producerPackage(module)),
                "runtime/target/cabinetgw.jar or the fixture package is not built (mvn -pl campaign -am verify)");
        Campaign.Result r = Campaign.run(module, Campaign.seed(), 0);
        List<String> violations = r.violations();
        assertEquals(List.of(), violations, "seed " + r.seed() + ":\n" + Report.markdown(r.seed(), r.summary(), r.rows()));
        assertEquals(true, r.summary().endsWith("alive"), r.summary());
    }
}
