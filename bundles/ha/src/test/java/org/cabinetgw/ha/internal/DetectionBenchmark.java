package org.cabinetgw.ha.internal;

import org.cabinetgw.testing.LocalMosquitto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.cabinetgw.ha.Role;

/**
 * Benchmark: two real nodes on loopback, a real Mosquitto as the witness; N times: kill the active (silence and a
 * dropped broker connection, as kill -9 does), time until the standby is ACTIVE. Prints p50/p99/max.
 * Run: {@code mvn -Pbench verify -DskipTests -pl bundles/ha -am} (or with {@code -Dha.bench.trials=N}).
 */
public final class DetectionBenchmark {

    private DetectionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int trials = Integer.getInteger("ha.bench.trials", 20);
        if (!LocalMosquitto.installed()) {
            System.out.println("ha benchmark: mosquitto is not installed, nothing measured");
            return;
        }
        List<Long> detection = new ArrayList<>();
        List<Long> takeover = new ArrayList<>();
        Path dir = Files.createTempDirectory("ha-bench");
        try (LocalMosquitto broker = new LocalMosquitto(dir).start()) {
            for (int i = 0; i < trials; i++) {
                Path d = Files.createDirectories(dir.resolve("trial" + i));
                try (LoopbackPair pair = new LoopbackPair(d, broker.uri())) {
                    pair.start(pair.a);
                    pair.start(pair.b);
                    PairRuntime active = pair.awaitSteady(10_000);
                    PairRuntime standby = active == pair.nodeA ? pair.nodeB : pair.nodeA;
                    Thread.sleep(300);
                    long killed = System.nanoTime();
                    LoopbackPair.kill(active);
                    while (standby.engine.role() != Role.ACTIVE && System.nanoTime() - killed < 10_000_000_000L) {
                        Thread.onSpinWait();
                    }
                    takeover.add((System.nanoTime() - killed) / 1_000_000);
                    String survivor = standby == pair.nodeA ? pair.a.nodeId() : pair.b.nodeId();
                    detection.add((pair.peerLostAt.getOrDefault(survivor, killed) - killed) / 1_000_000);
                }
            }
        }
        System.out.println("ha benchmark, " + trials + " trials, interval 20 ms, timeout 80 ms, MQTT witness on loopback:");
        print("kill of the active -> peer declared dead", detection);
        print("kill of the active -> standby ACTIVE (witness confirmed)", takeover);
    }

    private static void print(String what, List<Long> ms) {
        Collections.sort(ms);
        int p99 = Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1);
        System.out.printf("ha benchmark: %s: p50 %d ms, p99 %d ms, max %d ms; all %s%n", what, ms.get(ms.size() / 2),
                ms.get(p99), ms.get(ms.size() - 1), ms);
    }
}
