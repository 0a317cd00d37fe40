package org.cabinetgw.campaign;

import static org.cabinetgw.testing.DeploymentPackages.sha256;
import static org.cabinetgw.testing.DeploymentPackages.tampered;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;

/**
 * Bad packages sent through the deploy agent (DEPLOY-V2 over MQTT) while the producer publishes: one whose hash
 * is not the one announced, one whose bundle was changed after signing (its signature no longer matches), and
 * version 3.0.0 of the producer, whose component throws in activate (the agent must roll back to the producer
 * that ran). Each job's end is the agent's NOTIFY; the outcomes are kept for the row.
 */
final class BadPackages {

    static final String NAME = "org.cabinetgw.deploy.fixture";

    private BadPackages() {
    }

    /** Sends the three, one after the other (the agent runs one job at a time); what each ended with. */
    static List<String> send(World w) throws Exception {
        byte[] v1 = Files.readAllBytes(World.producerPackage(w.module));
        byte[] broken = Files.readAllBytes(fixture(w.module, "broken"));
        byte[] tampered = tampered(v1);
        w.http.serve("/packages/tampered.dp", tampered);
        w.http.serve("/packages/broken.dp", broken);
        List<String> outcomes = new ArrayList<>();
        outcomes.add("bad hash: " + w.cloud.deploy(w.httpBase() + "/packages/producer.dp", NAME, "1.0.0", "0".repeat(64),
                w.nextJob(), 90_000));
        outcomes.add("bad signature: " + w.cloud.deploy(w.httpBase() + "/packages/tampered.dp", NAME, "1.0.0",
                sha256(tampered), w.nextJob(), 90_000));
        outcomes.add("throws in activate: " + w.cloud.deploy(w.httpBase() + "/packages/broken.dp", NAME, "3.0.0",
                sha256(broken), w.nextJob(), 120_000));
        return outcomes;
    }

    /** Each refused, the broken one rolled back to the producer that ran. */
    static boolean allRefused(List<String> outcomes) {
        return outcomes != null && outcomes.size() == 3 && outcomes.get(0).contains("\"dp.download.status\":\"FAILED\"")
                && outcomes.get(1).contains("signature does not match")
                && outcomes.get(2).contains("\"dp.install.status\":\"FAILED\"") && outcomes.get(2).contains("reinstalled");
    }

    /**
     * After a rollback the agent stays DEGRADED "until the next good deployment" (deploy README): the producer's
     * other version (2.0.0, or 1.0.0 again), as an operator would; its numbering goes on (the data area stays).
     */
    static String deployTheOtherProducer(World w) throws Exception {
        String next = "1.0.0".equals(w.producerVersion) ? "2.0.0" : "1.0.0";
        byte[] dp = Files.readAllBytes(next.equals("1.0.0") ? World.producerPackage(w.module) : fixture(w.module, "v2"));
        w.http.serve("/packages/producer-" + next + ".dp", dp);
        String end = w.cloud.deploy(w.httpBase() + "/packages/producer-" + next + ".dp", NAME, next, sha256(dp), w.nextJob(),
                120_000);
        if (end.contains("\"dp.install.status\":\"COMPLETED\"")) {
            w.producerVersion = next;
        }
        return end;
    }

    static Path fixture(Path module, String which) {
        return module.resolve("../kura-deploy/fixtures/" + which + "/target/org.cabinetgw.dp.fixture." + which + ".dp")
                .normalize();
    }
}
